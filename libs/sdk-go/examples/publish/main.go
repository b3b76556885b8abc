// Command publish publishes to a topic through the gateway: once, again with the same key,
// in a transaction, and on a stream.
//
// Usage: go run ./examples/publish [topic]   (gateway: ONCEPORT_ADDRESS, default 127.0.0.1:50051)
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	onceport "onceport.dev/sdk-go"
)

func main() {
	address := os.Getenv("ONCEPORT_ADDRESS")
	if address == "" {
		address = "127.0.0.1:50051"
	}
	topic := "orders"
	if len(os.Args) > 1 {
		topic = os.Args[1]
	}
	ctx := context.Background()
	client, err := onceport.Connect(ctx, address, "example-go")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)

	order := []onceport.Record{{Topic: topic, Key: []byte("o-1"), Value: []byte("created")}}
	first, err := client.Publish(ctx, order, onceport.WithIdempotencyKey("o-1"))
	if err != nil {
		log.Fatal(err)
	}
	again, err := client.Publish(ctx, order, onceport.WithIdempotencyKey("o-1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("published at", first.Results[0].Offset, "; again with the same key: duplicate =", again.Duplicate)

	tx, err := client.Transaction(ctx, func(tx *onceport.Tx) error {
		for _, step := range []string{"step 1", "step 2"} {
			if _, err := tx.Send(ctx, []onceport.Record{{Topic: topic, Value: []byte(step)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("transaction committed at", tx.Results[0].Offset, tx.Results[1].Offset)

	publisher, err := client.Publisher(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var last *onceport.Ack
	for i := range 100 {
		last = publisher.Publish([]onceport.Record{{Topic: topic, Value: fmt.Appendf(nil, "event %d", i)}})
	}
	if err := publisher.Close(ctx); err != nil {
		log.Fatal(err)
	}
	result, err := last.Wait(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("stream: 100 publishes acknowledged, the last at", result.Results[0].Offset)
}
