package dev.onceport.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The gateway's producer API. Every call after OpenSession names a session.
 * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
 * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
 * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class GatewayServiceGrpc {

  private GatewayServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "onceport.v1.GatewayService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.OpenSessionRequest,
      dev.onceport.v1.OpenSessionResponse> getOpenSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "OpenSession",
      requestType = dev.onceport.v1.OpenSessionRequest.class,
      responseType = dev.onceport.v1.OpenSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.OpenSessionRequest,
      dev.onceport.v1.OpenSessionResponse> getOpenSessionMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.OpenSessionRequest, dev.onceport.v1.OpenSessionResponse> getOpenSessionMethod;
    if ((getOpenSessionMethod = GatewayServiceGrpc.getOpenSessionMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getOpenSessionMethod = GatewayServiceGrpc.getOpenSessionMethod) == null) {
          GatewayServiceGrpc.getOpenSessionMethod = getOpenSessionMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.OpenSessionRequest, dev.onceport.v1.OpenSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "OpenSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.OpenSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.OpenSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("OpenSession"))
              .build();
        }
      }
    }
    return getOpenSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.CloseSessionRequest,
      dev.onceport.v1.CloseSessionResponse> getCloseSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CloseSession",
      requestType = dev.onceport.v1.CloseSessionRequest.class,
      responseType = dev.onceport.v1.CloseSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.CloseSessionRequest,
      dev.onceport.v1.CloseSessionResponse> getCloseSessionMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.CloseSessionRequest, dev.onceport.v1.CloseSessionResponse> getCloseSessionMethod;
    if ((getCloseSessionMethod = GatewayServiceGrpc.getCloseSessionMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getCloseSessionMethod = GatewayServiceGrpc.getCloseSessionMethod) == null) {
          GatewayServiceGrpc.getCloseSessionMethod = getCloseSessionMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.CloseSessionRequest, dev.onceport.v1.CloseSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CloseSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.CloseSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.CloseSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("CloseSession"))
              .build();
        }
      }
    }
    return getCloseSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.PublishRequest,
      dev.onceport.v1.PublishResponse> getPublishMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Publish",
      requestType = dev.onceport.v1.PublishRequest.class,
      responseType = dev.onceport.v1.PublishResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.PublishRequest,
      dev.onceport.v1.PublishResponse> getPublishMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.PublishRequest, dev.onceport.v1.PublishResponse> getPublishMethod;
    if ((getPublishMethod = GatewayServiceGrpc.getPublishMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getPublishMethod = GatewayServiceGrpc.getPublishMethod) == null) {
          GatewayServiceGrpc.getPublishMethod = getPublishMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.PublishRequest, dev.onceport.v1.PublishResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Publish"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.PublishRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.PublishResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("Publish"))
              .build();
        }
      }
    }
    return getPublishMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.BeginTransactionRequest,
      dev.onceport.v1.BeginTransactionResponse> getBeginTransactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BeginTransaction",
      requestType = dev.onceport.v1.BeginTransactionRequest.class,
      responseType = dev.onceport.v1.BeginTransactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.BeginTransactionRequest,
      dev.onceport.v1.BeginTransactionResponse> getBeginTransactionMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.BeginTransactionRequest, dev.onceport.v1.BeginTransactionResponse> getBeginTransactionMethod;
    if ((getBeginTransactionMethod = GatewayServiceGrpc.getBeginTransactionMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getBeginTransactionMethod = GatewayServiceGrpc.getBeginTransactionMethod) == null) {
          GatewayServiceGrpc.getBeginTransactionMethod = getBeginTransactionMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.BeginTransactionRequest, dev.onceport.v1.BeginTransactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BeginTransaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.BeginTransactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.BeginTransactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("BeginTransaction"))
              .build();
        }
      }
    }
    return getBeginTransactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.SendRequest,
      dev.onceport.v1.SendResponse> getSendMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Send",
      requestType = dev.onceport.v1.SendRequest.class,
      responseType = dev.onceport.v1.SendResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.SendRequest,
      dev.onceport.v1.SendResponse> getSendMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.SendRequest, dev.onceport.v1.SendResponse> getSendMethod;
    if ((getSendMethod = GatewayServiceGrpc.getSendMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getSendMethod = GatewayServiceGrpc.getSendMethod) == null) {
          GatewayServiceGrpc.getSendMethod = getSendMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.SendRequest, dev.onceport.v1.SendResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Send"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.SendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.SendResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("Send"))
              .build();
        }
      }
    }
    return getSendMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.CommitTransactionRequest,
      dev.onceport.v1.CommitTransactionResponse> getCommitTransactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CommitTransaction",
      requestType = dev.onceport.v1.CommitTransactionRequest.class,
      responseType = dev.onceport.v1.CommitTransactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.CommitTransactionRequest,
      dev.onceport.v1.CommitTransactionResponse> getCommitTransactionMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.CommitTransactionRequest, dev.onceport.v1.CommitTransactionResponse> getCommitTransactionMethod;
    if ((getCommitTransactionMethod = GatewayServiceGrpc.getCommitTransactionMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getCommitTransactionMethod = GatewayServiceGrpc.getCommitTransactionMethod) == null) {
          GatewayServiceGrpc.getCommitTransactionMethod = getCommitTransactionMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.CommitTransactionRequest, dev.onceport.v1.CommitTransactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CommitTransaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.CommitTransactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.CommitTransactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("CommitTransaction"))
              .build();
        }
      }
    }
    return getCommitTransactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.AbortTransactionRequest,
      dev.onceport.v1.AbortTransactionResponse> getAbortTransactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AbortTransaction",
      requestType = dev.onceport.v1.AbortTransactionRequest.class,
      responseType = dev.onceport.v1.AbortTransactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.AbortTransactionRequest,
      dev.onceport.v1.AbortTransactionResponse> getAbortTransactionMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.AbortTransactionRequest, dev.onceport.v1.AbortTransactionResponse> getAbortTransactionMethod;
    if ((getAbortTransactionMethod = GatewayServiceGrpc.getAbortTransactionMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getAbortTransactionMethod = GatewayServiceGrpc.getAbortTransactionMethod) == null) {
          GatewayServiceGrpc.getAbortTransactionMethod = getAbortTransactionMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.AbortTransactionRequest, dev.onceport.v1.AbortTransactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AbortTransaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.AbortTransactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.AbortTransactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("AbortTransaction"))
              .build();
        }
      }
    }
    return getAbortTransactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.PublishStreamRequest,
      dev.onceport.v1.PublishStreamResponse> getPublishStreamMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PublishStream",
      requestType = dev.onceport.v1.PublishStreamRequest.class,
      responseType = dev.onceport.v1.PublishStreamResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.PublishStreamRequest,
      dev.onceport.v1.PublishStreamResponse> getPublishStreamMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.PublishStreamRequest, dev.onceport.v1.PublishStreamResponse> getPublishStreamMethod;
    if ((getPublishStreamMethod = GatewayServiceGrpc.getPublishStreamMethod) == null) {
      synchronized (GatewayServiceGrpc.class) {
        if ((getPublishStreamMethod = GatewayServiceGrpc.getPublishStreamMethod) == null) {
          GatewayServiceGrpc.getPublishStreamMethod = getPublishStreamMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.PublishStreamRequest, dev.onceport.v1.PublishStreamResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PublishStream"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.PublishStreamRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.PublishStreamResponse.getDefaultInstance()))
              .setSchemaDescriptor(new GatewayServiceMethodDescriptorSupplier("PublishStream"))
              .build();
        }
      }
    }
    return getPublishStreamMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static GatewayServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<GatewayServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<GatewayServiceStub>() {
        @java.lang.Override
        public GatewayServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new GatewayServiceStub(channel, callOptions);
        }
      };
    return GatewayServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static GatewayServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<GatewayServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<GatewayServiceBlockingV2Stub>() {
        @java.lang.Override
        public GatewayServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new GatewayServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return GatewayServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static GatewayServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<GatewayServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<GatewayServiceBlockingStub>() {
        @java.lang.Override
        public GatewayServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new GatewayServiceBlockingStub(channel, callOptions);
        }
      };
    return GatewayServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static GatewayServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<GatewayServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<GatewayServiceFutureStub>() {
        @java.lang.Override
        public GatewayServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new GatewayServiceFutureStub(channel, callOptions);
        }
      };
    return GatewayServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Opens the one live session of a client: initialises the client's
     * transactional producer, which fences every earlier producer of that client
     * in this gateway or any other, then reads the client's receipts so that
     * retried idempotency keys are recognised.
     * </pre>
     */
    default void openSession(dev.onceport.v1.OpenSessionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.OpenSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getOpenSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Closes a session and releases its producer. Aborts its open transaction.
     * </pre>
     */
    default void closeSession(dev.onceport.v1.CloseSessionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.CloseSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCloseSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Writes records to any topics and partitions in one transaction, all or
     * nothing, and answers once the transaction committed. A retry with the same
     * idempotency key, here or through another gateway, returns the first
     * result with `duplicate` set and writes nothing.
     * </pre>
     */
    default void publish(dev.onceport.v1.PublishRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.PublishResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPublishMethod(), responseObserver);
    }

    /**
     * <pre>
     * Begins an interactive transaction (one at a time per session).
     * </pre>
     */
    default void beginTransaction(dev.onceport.v1.BeginTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.BeginTransactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBeginTransactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sends records within the open transaction.
     * </pre>
     */
    default void send(dev.onceport.v1.SendRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.SendResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSendMethod(), responseObserver);
    }

    /**
     * <pre>
     * Commits the open transaction.
     * </pre>
     */
    default void commitTransaction(dev.onceport.v1.CommitTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.CommitTransactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCommitTransactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Aborts the open transaction: nothing it sent becomes visible.
     * </pre>
     */
    default void abortTransaction(dev.onceport.v1.AbortTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.AbortTransactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAbortTransactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * A stream for throughput: the gateway groups the publishes it receives into
     * transactions (by commit interval and size) and acknowledges each publish
     * once its transaction committed.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.onceport.v1.PublishStreamRequest> publishStream(
        io.grpc.stub.StreamObserver<dev.onceport.v1.PublishStreamResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getPublishStreamMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service GatewayService.
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public static abstract class GatewayServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return GatewayServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service GatewayService.
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public static final class GatewayServiceStub
      extends io.grpc.stub.AbstractAsyncStub<GatewayServiceStub> {
    private GatewayServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected GatewayServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new GatewayServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Opens the one live session of a client: initialises the client's
     * transactional producer, which fences every earlier producer of that client
     * in this gateway or any other, then reads the client's receipts so that
     * retried idempotency keys are recognised.
     * </pre>
     */
    public void openSession(dev.onceport.v1.OpenSessionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.OpenSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getOpenSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Closes a session and releases its producer. Aborts its open transaction.
     * </pre>
     */
    public void closeSession(dev.onceport.v1.CloseSessionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.CloseSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCloseSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Writes records to any topics and partitions in one transaction, all or
     * nothing, and answers once the transaction committed. A retry with the same
     * idempotency key, here or through another gateway, returns the first
     * result with `duplicate` set and writes nothing.
     * </pre>
     */
    public void publish(dev.onceport.v1.PublishRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.PublishResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPublishMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Begins an interactive transaction (one at a time per session).
     * </pre>
     */
    public void beginTransaction(dev.onceport.v1.BeginTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.BeginTransactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBeginTransactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sends records within the open transaction.
     * </pre>
     */
    public void send(dev.onceport.v1.SendRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.SendResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSendMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Commits the open transaction.
     * </pre>
     */
    public void commitTransaction(dev.onceport.v1.CommitTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.CommitTransactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCommitTransactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Aborts the open transaction: nothing it sent becomes visible.
     * </pre>
     */
    public void abortTransaction(dev.onceport.v1.AbortTransactionRequest request,
        io.grpc.stub.StreamObserver<dev.onceport.v1.AbortTransactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAbortTransactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A stream for throughput: the gateway groups the publishes it receives into
     * transactions (by commit interval and size) and acknowledges each publish
     * once its transaction committed.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.onceport.v1.PublishStreamRequest> publishStream(
        io.grpc.stub.StreamObserver<dev.onceport.v1.PublishStreamResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getPublishStreamMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service GatewayService.
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public static final class GatewayServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<GatewayServiceBlockingV2Stub> {
    private GatewayServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected GatewayServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new GatewayServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Opens the one live session of a client: initialises the client's
     * transactional producer, which fences every earlier producer of that client
     * in this gateway or any other, then reads the client's receipts so that
     * retried idempotency keys are recognised.
     * </pre>
     */
    public dev.onceport.v1.OpenSessionResponse openSession(dev.onceport.v1.OpenSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getOpenSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Closes a session and releases its producer. Aborts its open transaction.
     * </pre>
     */
    public dev.onceport.v1.CloseSessionResponse closeSession(dev.onceport.v1.CloseSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCloseSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Writes records to any topics and partitions in one transaction, all or
     * nothing, and answers once the transaction committed. A retry with the same
     * idempotency key, here or through another gateway, returns the first
     * result with `duplicate` set and writes nothing.
     * </pre>
     */
    public dev.onceport.v1.PublishResponse publish(dev.onceport.v1.PublishRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPublishMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Begins an interactive transaction (one at a time per session).
     * </pre>
     */
    public dev.onceport.v1.BeginTransactionResponse beginTransaction(dev.onceport.v1.BeginTransactionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getBeginTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends records within the open transaction.
     * </pre>
     */
    public dev.onceport.v1.SendResponse send(dev.onceport.v1.SendRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commits the open transaction.
     * </pre>
     */
    public dev.onceport.v1.CommitTransactionResponse commitTransaction(dev.onceport.v1.CommitTransactionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCommitTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Aborts the open transaction: nothing it sent becomes visible.
     * </pre>
     */
    public dev.onceport.v1.AbortTransactionResponse abortTransaction(dev.onceport.v1.AbortTransactionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAbortTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A stream for throughput: the gateway groups the publishes it receives into
     * transactions (by commit interval and size) and acknowledges each publish
     * once its transaction committed.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.onceport.v1.PublishStreamRequest, dev.onceport.v1.PublishStreamResponse>
        publishStream() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getPublishStreamMethod(), getCallOptions());
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service GatewayService.
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public static final class GatewayServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<GatewayServiceBlockingStub> {
    private GatewayServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected GatewayServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new GatewayServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Opens the one live session of a client: initialises the client's
     * transactional producer, which fences every earlier producer of that client
     * in this gateway or any other, then reads the client's receipts so that
     * retried idempotency keys are recognised.
     * </pre>
     */
    public dev.onceport.v1.OpenSessionResponse openSession(dev.onceport.v1.OpenSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getOpenSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Closes a session and releases its producer. Aborts its open transaction.
     * </pre>
     */
    public dev.onceport.v1.CloseSessionResponse closeSession(dev.onceport.v1.CloseSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCloseSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Writes records to any topics and partitions in one transaction, all or
     * nothing, and answers once the transaction committed. A retry with the same
     * idempotency key, here or through another gateway, returns the first
     * result with `duplicate` set and writes nothing.
     * </pre>
     */
    public dev.onceport.v1.PublishResponse publish(dev.onceport.v1.PublishRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPublishMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Begins an interactive transaction (one at a time per session).
     * </pre>
     */
    public dev.onceport.v1.BeginTransactionResponse beginTransaction(dev.onceport.v1.BeginTransactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBeginTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends records within the open transaction.
     * </pre>
     */
    public dev.onceport.v1.SendResponse send(dev.onceport.v1.SendRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commits the open transaction.
     * </pre>
     */
    public dev.onceport.v1.CommitTransactionResponse commitTransaction(dev.onceport.v1.CommitTransactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCommitTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Aborts the open transaction: nothing it sent becomes visible.
     * </pre>
     */
    public dev.onceport.v1.AbortTransactionResponse abortTransaction(dev.onceport.v1.AbortTransactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAbortTransactionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service GatewayService.
   * <pre>
   * The gateway's producer API. Every call after OpenSession names a session.
   * Errors are gRPC statuses with a google.rpc.ErrorInfo detail (domain
   * "onceport.dev") giving a reason such as PRODUCER_FENCED, SESSION_NOT_FOUND
   * or TOPIC_NOT_FOUND, and metadata "retriable" saying whether a retry is safe.
   * </pre>
   */
  public static final class GatewayServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<GatewayServiceFutureStub> {
    private GatewayServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected GatewayServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new GatewayServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Opens the one live session of a client: initialises the client's
     * transactional producer, which fences every earlier producer of that client
     * in this gateway or any other, then reads the client's receipts so that
     * retried idempotency keys are recognised.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.OpenSessionResponse> openSession(
        dev.onceport.v1.OpenSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getOpenSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Closes a session and releases its producer. Aborts its open transaction.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.CloseSessionResponse> closeSession(
        dev.onceport.v1.CloseSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCloseSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Writes records to any topics and partitions in one transaction, all or
     * nothing, and answers once the transaction committed. A retry with the same
     * idempotency key, here or through another gateway, returns the first
     * result with `duplicate` set and writes nothing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.PublishResponse> publish(
        dev.onceport.v1.PublishRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPublishMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Begins an interactive transaction (one at a time per session).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.BeginTransactionResponse> beginTransaction(
        dev.onceport.v1.BeginTransactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBeginTransactionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sends records within the open transaction.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.SendResponse> send(
        dev.onceport.v1.SendRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSendMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Commits the open transaction.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.CommitTransactionResponse> commitTransaction(
        dev.onceport.v1.CommitTransactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCommitTransactionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Aborts the open transaction: nothing it sent becomes visible.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.onceport.v1.AbortTransactionResponse> abortTransaction(
        dev.onceport.v1.AbortTransactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAbortTransactionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_OPEN_SESSION = 0;
  private static final int METHODID_CLOSE_SESSION = 1;
  private static final int METHODID_PUBLISH = 2;
  private static final int METHODID_BEGIN_TRANSACTION = 3;
  private static final int METHODID_SEND = 4;
  private static final int METHODID_COMMIT_TRANSACTION = 5;
  private static final int METHODID_ABORT_TRANSACTION = 6;
  private static final int METHODID_PUBLISH_STREAM = 7;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_OPEN_SESSION:
          serviceImpl.openSession((dev.onceport.v1.OpenSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.OpenSessionResponse>) responseObserver);
          break;
        case METHODID_CLOSE_SESSION:
          serviceImpl.closeSession((dev.onceport.v1.CloseSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.CloseSessionResponse>) responseObserver);
          break;
        case METHODID_PUBLISH:
          serviceImpl.publish((dev.onceport.v1.PublishRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.PublishResponse>) responseObserver);
          break;
        case METHODID_BEGIN_TRANSACTION:
          serviceImpl.beginTransaction((dev.onceport.v1.BeginTransactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.BeginTransactionResponse>) responseObserver);
          break;
        case METHODID_SEND:
          serviceImpl.send((dev.onceport.v1.SendRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.SendResponse>) responseObserver);
          break;
        case METHODID_COMMIT_TRANSACTION:
          serviceImpl.commitTransaction((dev.onceport.v1.CommitTransactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.CommitTransactionResponse>) responseObserver);
          break;
        case METHODID_ABORT_TRANSACTION:
          serviceImpl.abortTransaction((dev.onceport.v1.AbortTransactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.onceport.v1.AbortTransactionResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PUBLISH_STREAM:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.publishStream(
              (io.grpc.stub.StreamObserver<dev.onceport.v1.PublishStreamResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getOpenSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.OpenSessionRequest,
              dev.onceport.v1.OpenSessionResponse>(
                service, METHODID_OPEN_SESSION)))
        .addMethod(
          getCloseSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.CloseSessionRequest,
              dev.onceport.v1.CloseSessionResponse>(
                service, METHODID_CLOSE_SESSION)))
        .addMethod(
          getPublishMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.PublishRequest,
              dev.onceport.v1.PublishResponse>(
                service, METHODID_PUBLISH)))
        .addMethod(
          getBeginTransactionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.BeginTransactionRequest,
              dev.onceport.v1.BeginTransactionResponse>(
                service, METHODID_BEGIN_TRANSACTION)))
        .addMethod(
          getSendMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.SendRequest,
              dev.onceport.v1.SendResponse>(
                service, METHODID_SEND)))
        .addMethod(
          getCommitTransactionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.CommitTransactionRequest,
              dev.onceport.v1.CommitTransactionResponse>(
                service, METHODID_COMMIT_TRANSACTION)))
        .addMethod(
          getAbortTransactionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.onceport.v1.AbortTransactionRequest,
              dev.onceport.v1.AbortTransactionResponse>(
                service, METHODID_ABORT_TRANSACTION)))
        .addMethod(
          getPublishStreamMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              dev.onceport.v1.PublishStreamRequest,
              dev.onceport.v1.PublishStreamResponse>(
                service, METHODID_PUBLISH_STREAM)))
        .build();
  }

  private static abstract class GatewayServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    GatewayServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.onceport.v1.GatewayProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("GatewayService");
    }
  }

  private static final class GatewayServiceFileDescriptorSupplier
      extends GatewayServiceBaseDescriptorSupplier {
    GatewayServiceFileDescriptorSupplier() {}
  }

  private static final class GatewayServiceMethodDescriptorSupplier
      extends GatewayServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    GatewayServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (GatewayServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new GatewayServiceFileDescriptorSupplier())
              .addMethod(getOpenSessionMethod())
              .addMethod(getCloseSessionMethod())
              .addMethod(getPublishMethod())
              .addMethod(getBeginTransactionMethod())
              .addMethod(getSendMethod())
              .addMethod(getCommitTransactionMethod())
              .addMethod(getAbortTransactionMethod())
              .addMethod(getPublishStreamMethod())
              .build();
        }
      }
    }
    return result;
  }
}
