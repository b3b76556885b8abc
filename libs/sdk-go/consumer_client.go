package onceport

import (
	"context"
	"iter"
)

// ConsumerClient runs Process workers and Subscribe readers without a session. Opening a
// session fences every earlier session of its client id, so replicas of one worker each
// calling Connect with the same id would fence one another's publishes; Process and Subscribe
// need only the connection, so a ConsumerClient opens none and fences nobody. Replicas, and a
// reader beside a publisher, may share a client id. It is safe for concurrent use.
//
//	consumer, err := onceport.NewConsumerClient("127.0.0.1:50051", onceport.WithClientID("eur-converter"))
//	defer consumer.Close()
//	err = consumer.Process(ctx, "eur", []string{"payments"}, onceport.EachRecord(convert))
type ConsumerClient struct{ client *Client }

// NewConsumerClient makes a client of the gateway at address (host:port) for Process and
// Subscribe. Nothing is sent until a worker or a subscription starts, so it takes no context:
// each call bounds its own. WithClientID gives Process its default worker id; WithRetry and
// WithConn apply as for Connect.
func NewConsumerClient(address string, options ...Option) (*ConsumerClient, error) {
	client, err := newClient(address, options, "")
	if err != nil {
		return nil, err
	}
	return &ConsumerClient{client: client}, nil
}

// ClientID is the id given with WithClientID, or "".
func (c *ConsumerClient) ClientID() string { return c.client.ClientID() }

// Process runs a worker of the consumer group, as Client.Process does. Without WithWorkerID
// it is named by WithClientID; with neither it returns an INVALID_ARGUMENT *Error.
func (c *ConsumerClient) Process(ctx context.Context, group string, topics []string, handler ProcessHandler, options ...ProcessOption) error {
	return c.client.Process(ctx, group, topics, handler, options...)
}

// Subscribe reads topics read_committed, resumably, as Client.Subscribe does.
func (c *ConsumerClient) Subscribe(ctx context.Context, topics []string, options ...SubscribeOption) iter.Seq2[SubscribeBatch, error] {
	return c.client.Subscribe(ctx, topics, options...)
}

// Close closes the connection it made (not one given WithConn): running workers and
// subscriptions end with CLIENT_CLOSED, their batches in hand delivered again. For a clean
// leave, end the workers' contexts and let Process return first.
func (c *ConsumerClient) Close() error {
	// No session to close: the context only bounds CloseSession, which is not called.
	return c.client.Close(context.Background())
}
