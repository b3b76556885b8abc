// Package onceport is the Onceport Go SDK: exactly-once publishes to Kafka through the
// Onceport gateway, exactly-once consume-transform-produce (Process) and resumable
// read_committed reading (Subscribe).
//
//	client, err := onceport.Connect(ctx, "127.0.0.1:50051", "orders-service")
//	result, err := client.Publish(ctx, []onceport.Record{{Topic: "orders", Value: []byte("hello")}})
//	err = client.Process(ctx, "eur", []string{"payments"}, onceport.EachRecord(convert))
//	for batch, err := range client.Subscribe(ctx, []string{"orders"}) { ... }
package onceport

import (
	"context"
	"errors"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Client is one session of one client id on the gateway. It is safe for concurrent use.
type Client struct {
	clientID    string
	retry       RetryPolicy
	callTimeout time.Duration
	conn        *grpc.ClientConn
	ownsConn    bool
	rpc         onceportv1.GatewayServiceClient

	mu        sync.Mutex
	sessionID string
	fenced    error
	closed    bool
}

// Option configures Connect.
type Option func(*Client)

// WithRetry sets the backoff of retries (default DefaultRetryPolicy).
func WithRetry(policy RetryPolicy) Option { return func(c *Client) { c.retry = policy } }

// WithCallTimeout bounds each attempt of a call (default 30 s); a timed-out attempt is retried.
func WithCallTimeout(timeout time.Duration) Option {
	return func(c *Client) { c.callTimeout = timeout }
}

// WithConn uses an existing connection (TLS, interceptors...) instead of a plaintext one.
func WithConn(conn *grpc.ClientConn) Option { return func(c *Client) { c.conn = conn } }

// WithClientID names a ConsumerClient: the default worker id of its Process. Connect takes
// the client id as its argument, which this does not change.
func WithClientID(id string) Option { return func(c *Client) { c.clientID = id } }

// Connect opens the client's session on the gateway at address (host:port). Opening fences
// every earlier session of clientID, in this gateway or any other.
func Connect(ctx context.Context, address, clientID string, options ...Option) (*Client, error) {
	c, err := newClient(address, options, clientID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	err = c.openSessionLocked(ctx)
	c.mu.Unlock()
	if err != nil {
		if c.ownsConn {
			_ = c.conn.Close()
		}
		return nil, err
	}
	return c, nil
}

// newClient applies the options and makes the connection (lazily: grpc dials on the first
// call), without a session. clientID, when set, wins over WithClientID.
func newClient(address string, options []Option, clientID string) (*Client, error) {
	c := &Client{retry: DefaultRetryPolicy, callTimeout: 30 * time.Second}
	for _, option := range options {
		option(c)
	}
	if clientID != "" {
		c.clientID = clientID
	}
	if c.conn == nil {
		conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return nil, err
		}
		c.conn, c.ownsConn = conn, true
	}
	c.rpc = onceportv1.NewGatewayServiceClient(c.conn)
	return c, nil
}

// ClientID is the id the client connected with.
func (c *Client) ClientID() string { return c.clientID }

// SessionID is the client's current session on the gateway.
func (c *Client) SessionID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessionID
}

// PublishOption configures one publish or transaction.
type PublishOption func(*publishOptions)

type publishOptions struct{ key string }

// WithIdempotencyKey names the publish across retries (default: a new UUID).
func WithIdempotencyKey(key string) PublishOption { return func(o *publishOptions) { o.key = key } }

func keyOf(options []PublishOption) string {
	o := publishOptions{}
	for _, option := range options {
		option(&o)
	}
	if o.key == "" {
		return newKey()
	}
	return o.key
}

// Publish writes the records in one transaction, all or nothing, and returns where they
// landed. A lost answer, a lost session or a busy gateway is retried with the same key until
// the outcome is known (or ctx ends): a retry of a publish that did commit returns its first
// result with Duplicate set and writes nothing. A fenced client gets a *FencedError.
func (c *Client) Publish(ctx context.Context, records []Record, options ...PublishOption) (*PublishResult, error) {
	key := keyOf(options)
	protos := toProtos(records)
	var response *onceportv1.PublishResponse
	err := c.call(ctx, true, func(ctx context.Context, sessionID string) (err error) {
		response, err = c.rpc.Publish(ctx, &onceportv1.PublishRequest{SessionId: sessionID, IdempotencyKey: key, Records: protos})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &PublishResult{IdempotencyKey: key, Results: resultsFrom(response.GetResults()), Duplicate: response.GetDuplicate()}, nil
}

// Close closes the session (aborting its open transaction) and the connection it made.
func (c *Client) Close(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	sessionID, fenced := c.sessionID, c.fenced
	c.mu.Unlock()
	if sessionID != "" && fenced == nil {
		callCtx, cancel := context.WithTimeout(ctx, c.callTimeout)
		_, _ = c.rpc.CloseSession(callCtx, &onceportv1.CloseSessionRequest{SessionId: sessionID})
		cancel() // a failed close is fine: the gateway closes idle sessions itself
	}
	if c.ownsConn {
		return c.conn.Close()
	}
	return nil
}

// errClosed is returned by calls on a closed client.
var errClosed = &Error{Reason: reasonClientClosed, Code: codes.Canceled, Message: "the client is closed"}

func (c *Client) usable() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fenced != nil {
		return "", c.fenced
	}
	if c.closed {
		return "", errClosed
	}
	return c.sessionID, nil
}

// failed records what an error means for the client: a fenced client stops for good.
func (c *Client) failed(err error) error {
	err = fromGRPC(err)
	if errors.Is(err, ErrFenced) {
		c.mu.Lock()
		c.fenced = err
		c.mu.Unlock()
	}
	return err
}

// reopenReasons: the session is gone, or the commit's answer was lost (which ends the
// session too): open a new session and retry with the same key.
func shouldReopen(err error) bool {
	reason := reasonOf(err)
	return reason == reasonSessionNotFound || reason == reasonCommitOutcomeUnknown
}

// call runs attempt until it succeeds or fails for good: retriable errors after a backoff,
// a lost session or outcome on a new session (when reopen). Never retries PRODUCER_FENCED.
func (c *Client) call(ctx context.Context, reopen bool, attempt func(ctx context.Context, sessionID string) error) error {
	b := newBackoff(c.retry)
	for {
		sessionID, err := c.usable()
		if err != nil {
			return err
		}
		callCtx, cancel := context.WithTimeout(withTraceContext(ctx), c.callTimeout)
		err = attempt(callCtx, sessionID)
		cancel()
		if err == nil {
			return nil
		}
		err = c.failed(err)
		switch {
		case errors.Is(err, ErrFenced):
			return err
		case reopen && shouldReopen(err):
			if err := c.reopen(ctx, sessionID); err != nil {
				return err
			}
		case !isRetriable(err) || !b.wait(ctx):
			return err
		}
	}
}

// reopen opens a new session unless another goroutine already replaced staleSessionID.
func (c *Client) reopen(ctx context.Context, staleSessionID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessionID != staleSessionID {
		return nil
	}
	return c.openSessionLocked(ctx)
}

func (c *Client) openSessionLocked(ctx context.Context) error {
	b := newBackoff(c.retry)
	for {
		if c.fenced != nil {
			return c.fenced
		}
		if c.closed {
			return errClosed
		}
		callCtx, cancel := context.WithTimeout(withTraceContext(ctx), c.callTimeout)
		response, err := c.rpc.OpenSession(callCtx, &onceportv1.OpenSessionRequest{ClientId: c.clientID})
		cancel()
		if err == nil {
			c.sessionID = response.GetSessionId()
			return nil
		}
		err = fromGRPC(err)
		if !isRetriable(err) || !b.wait(ctx) {
			return err
		}
	}
}
