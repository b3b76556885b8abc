package onceport_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"
)

// The environment tools/gateway-fixture gives the suite: a real gateway on a real broker,
// and a helper that creates topics and reads them back with a real read_committed consumer.

func gatewayAddress(t *testing.T) string {
	t.Helper()
	return requireEnv(t, "ONCEPORT_ADDRESS")
}

func requireEnv(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Skipf("%s is not set: run the suite through `npm test` (tools/gateway-fixture)", name)
	}
	return value
}

// uniqueClientID is a client id no other test or run uses: client ids name transactional ids.
func uniqueClientID(t *testing.T) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	run := os.Getenv("ONCEPORT_TEST_RUN_ID")
	if run == "" {
		run = "go"
	}
	return run + "-" + hex.EncodeToString(b[:])
}

func createTopic(t *testing.T, partitions int) string {
	t.Helper()
	helper := requireEnv(t, "ONCEPORT_TEST_HELPER")
	response, err := http.Post(fmt.Sprintf("%s/topics?partitions=%d&prefix=go", helper, partitions), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	var body struct{ Topic string }
	if err := json.NewDecoder(response.Body).Decode(&body); err != nil || body.Topic == "" {
		t.Fatalf("creating a topic: %v (status %d)", err, response.StatusCode)
	}
	return body.Topic
}

type readRecord struct {
	Topic     string
	Partition int32
	Offset    int64
	Value     string
	Headers   map[string]string
}

func readTopic(t *testing.T, topic string, expected int, isolation string) []readRecord {
	t.Helper()
	helper := requireEnv(t, "ONCEPORT_TEST_HELPER")
	query := url.Values{"topic": {topic}, "expected": {strconv.Itoa(expected)}, "isolation": {isolation}}
	response, err := http.Get(helper + "/records?" + query.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	var records []readRecord
	if err := json.NewDecoder(response.Body).Decode(&records); err != nil {
		t.Fatal(err)
	}
	return records
}

func values(records []readRecord) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = r.Value
	}
	return out
}
