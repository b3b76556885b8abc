package dev.onceport.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Exactly-once consume-transform-produce for workers in any language. A
 * worker joins a Kafka consumer group through the gateway; the gateway reads
 * the group's input partitions (read_committed), hands the worker batches,
 * and writes each batch's outputs together with the input offsets in one
 * Kafka transaction before acknowledging it. A batch that is not answered in
 * time, or whose worker goes away, is never written: its records are
 * delivered again from the group's last committed offset.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ProcessServiceGrpc {

  private ProcessServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "onceport.v1.ProcessService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.onceport.v1.ProcessRequest,
      dev.onceport.v1.ProcessResponse> getProcessMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Process",
      requestType = dev.onceport.v1.ProcessRequest.class,
      responseType = dev.onceport.v1.ProcessResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<dev.onceport.v1.ProcessRequest,
      dev.onceport.v1.ProcessResponse> getProcessMethod() {
    io.grpc.MethodDescriptor<dev.onceport.v1.ProcessRequest, dev.onceport.v1.ProcessResponse> getProcessMethod;
    if ((getProcessMethod = ProcessServiceGrpc.getProcessMethod) == null) {
      synchronized (ProcessServiceGrpc.class) {
        if ((getProcessMethod = ProcessServiceGrpc.getProcessMethod) == null) {
          ProcessServiceGrpc.getProcessMethod = getProcessMethod =
              io.grpc.MethodDescriptor.<dev.onceport.v1.ProcessRequest, dev.onceport.v1.ProcessResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Process"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.ProcessRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.onceport.v1.ProcessResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ProcessServiceMethodDescriptorSupplier("Process"))
              .build();
        }
      }
    }
    return getProcessMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ProcessServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProcessServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProcessServiceStub>() {
        @java.lang.Override
        public ProcessServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProcessServiceStub(channel, callOptions);
        }
      };
    return ProcessServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ProcessServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProcessServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProcessServiceBlockingV2Stub>() {
        @java.lang.Override
        public ProcessServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProcessServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ProcessServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ProcessServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProcessServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProcessServiceBlockingStub>() {
        @java.lang.Override
        public ProcessServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProcessServiceBlockingStub(channel, callOptions);
        }
      };
    return ProcessServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ProcessServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProcessServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProcessServiceFutureStub>() {
        @java.lang.Override
        public ProcessServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProcessServiceFutureStub(channel, callOptions);
        }
      };
    return ProcessServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * A worker's session. The worker sends `join` first, then one `result` for
     * each batch it receives. The gateway answers `joined`, then sends
     * `assignment` after every rebalance, `batch`es, an `ack` for each result
     * it committed and `rejected` for each batch it did not. The stream ends
     * with a status when the worker must join again: BATCH_LEASE_EXPIRED (a
     * batch went unanswered past the lease), SHUTTING_DOWN, or a refused result.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.onceport.v1.ProcessRequest> process(
        io.grpc.stub.StreamObserver<dev.onceport.v1.ProcessResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getProcessMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ProcessService.
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public static abstract class ProcessServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ProcessServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ProcessService.
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public static final class ProcessServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ProcessServiceStub> {
    private ProcessServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProcessServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProcessServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * A worker's session. The worker sends `join` first, then one `result` for
     * each batch it receives. The gateway answers `joined`, then sends
     * `assignment` after every rebalance, `batch`es, an `ack` for each result
     * it committed and `rejected` for each batch it did not. The stream ends
     * with a status when the worker must join again: BATCH_LEASE_EXPIRED (a
     * batch went unanswered past the lease), SHUTTING_DOWN, or a refused result.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.onceport.v1.ProcessRequest> process(
        io.grpc.stub.StreamObserver<dev.onceport.v1.ProcessResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getProcessMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ProcessService.
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public static final class ProcessServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ProcessServiceBlockingV2Stub> {
    private ProcessServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProcessServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProcessServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * A worker's session. The worker sends `join` first, then one `result` for
     * each batch it receives. The gateway answers `joined`, then sends
     * `assignment` after every rebalance, `batch`es, an `ack` for each result
     * it committed and `rejected` for each batch it did not. The stream ends
     * with a status when the worker must join again: BATCH_LEASE_EXPIRED (a
     * batch went unanswered past the lease), SHUTTING_DOWN, or a refused result.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.onceport.v1.ProcessRequest, dev.onceport.v1.ProcessResponse>
        process() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getProcessMethod(), getCallOptions());
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ProcessService.
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public static final class ProcessServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ProcessServiceBlockingStub> {
    private ProcessServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProcessServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProcessServiceBlockingStub(channel, callOptions);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ProcessService.
   * <pre>
   * Exactly-once consume-transform-produce for workers in any language. A
   * worker joins a Kafka consumer group through the gateway; the gateway reads
   * the group's input partitions (read_committed), hands the worker batches,
   * and writes each batch's outputs together with the input offsets in one
   * Kafka transaction before acknowledging it. A batch that is not answered in
   * time, or whose worker goes away, is never written: its records are
   * delivered again from the group's last committed offset.
   * </pre>
   */
  public static final class ProcessServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ProcessServiceFutureStub> {
    private ProcessServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProcessServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProcessServiceFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_PROCESS = 0;

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
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PROCESS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.process(
              (io.grpc.stub.StreamObserver<dev.onceport.v1.ProcessResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getProcessMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              dev.onceport.v1.ProcessRequest,
              dev.onceport.v1.ProcessResponse>(
                service, METHODID_PROCESS)))
        .build();
  }

  private static abstract class ProcessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ProcessServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.onceport.v1.ProcessProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ProcessService");
    }
  }

  private static final class ProcessServiceFileDescriptorSupplier
      extends ProcessServiceBaseDescriptorSupplier {
    ProcessServiceFileDescriptorSupplier() {}
  }

  private static final class ProcessServiceMethodDescriptorSupplier
      extends ProcessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ProcessServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ProcessServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ProcessServiceFileDescriptorSupplier())
              .addMethod(getProcessMethod())
              .build();
        }
      }
    }
    return result;
  }
}
