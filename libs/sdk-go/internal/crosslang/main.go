// Command crosslang is the Go step of the cross-language test
// (tools/gateway-fixture/test/cross-language.spec.ts): it opens a session with the client
// id the Python step uses, which fences the Python client, publishes one record and prints
// the result as a JSON line.
//
// Usage: crosslang <gateway address> <client id> <topic>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	onceport "onceport.dev/sdk-go"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: crosslang <gateway address> <client id> <topic>")
		os.Exit(2)
	}
	address, clientID, topic := os.Args[1], os.Args[2], os.Args[3]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client, err := onceport.Connect(ctx, address, clientID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = client.Close(ctx) }()
	result, err := client.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("from-go")}}, onceport.WithIdempotencyKey("go-1"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{"published": []int64{result.Results[0].Offset}})
}
