// Command process is an exactly-once worker: it upper-cases every record of one topic into
// another through Process, until Ctrl-C (which lets the batch in hand commit, then leaves
// the group), then reads the output back with Subscribe up to what is there.
//
// Usage: go run ./examples/process <input topic> <output topic>   (gateway: ONCEPORT_ADDRESS,
// default 127.0.0.1:50051; both topics must exist)
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	onceport "onceport.dev/sdk-go"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: process <input topic> <output topic>")
	}
	input, output := os.Args[1], os.Args[2]
	address := os.Getenv("ONCEPORT_ADDRESS")
	if address == "" {
		address = "127.0.0.1:50051"
	}
	client, err := onceport.Connect(context.Background(), address, "example-go-worker")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(context.Background())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Println("processing", input, "into", output, "until Ctrl-C")
	// Deterministic, as a handler must be: a batch whose commit was lost is handled again.
	upper := onceport.EachRecord(func(_ context.Context, r onceport.ConsumedRecord) ([]onceport.Record, error) {
		return []onceport.Record{{Topic: output, Key: r.Key, Value: bytes.ToUpper(r.Value)}}, nil
	})
	if err := client.Process(ctx, "example-go-upper", []string{input}, upper); err != nil {
		log.Fatal(err)
	}

	// The outputs, read_committed; a reader stops when it likes and keeps the position.
	read, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var position string
	for batch, err := range client.Subscribe(read, []string{output}) {
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range batch.Records {
			fmt.Printf("%s/%d/%d %s\n", r.Topic, r.Partition, r.Offset, r.Value)
		}
		position = batch.Position
	}
	fmt.Println("resume after them with onceport.WithPosition(", position, ")")
}
