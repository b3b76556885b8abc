package onceport

import (
	"time"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// ConsumedRecord is a committed record read from Kafka, as Subscribe hands it to a reader
// and Process to a worker.
type ConsumedRecord struct {
	Topic     string
	Partition int32
	Offset    int64
	// Key is nil for a null key (and an empty, non-nil slice for an empty one).
	Key []byte
	// Value is empty for a null value.
	Value []byte
	// Headers in the order they were written; a name may occur more than once.
	Headers   []Header
	Timestamp time.Time
	// Traceparent is the W3C trace context of the gateway's consumer span of this record,
	// empty when the gateway does not trace: start your own span from it to continue the
	// record's trace.
	Traceparent string
}

// Header is one header of a consumed record.
type Header struct {
	Key   string
	Value []byte
}

// Header is the value of the record's last header named key (as Kafka clients read a
// repeated header), and whether there is one.
func (r ConsumedRecord) Header(key string) ([]byte, bool) {
	for i := len(r.Headers) - 1; i >= 0; i-- {
		if r.Headers[i].Key == key {
			return r.Headers[i].Value, true
		}
	}
	return nil, false
}

func consumedFrom(messages []*onceportv1.ConsumedRecord) []ConsumedRecord {
	out := make([]ConsumedRecord, len(messages))
	for i, m := range messages {
		headers := make([]Header, len(m.GetHeaders()))
		for j, h := range m.GetHeaders() {
			headers[j] = Header{Key: h.GetKey(), Value: h.GetValue()}
		}
		var key []byte
		if m.Key != nil { // proto3 optional: nil is a null key, even for an empty one
			key = append([]byte{}, m.Key...)
		}
		out[i] = ConsumedRecord{
			Topic: m.GetTopic(), Partition: m.GetPartition(), Offset: m.GetOffset(),
			Key: key, Value: m.GetValue(), Headers: headers,
			Timestamp: time.UnixMilli(m.GetTimestampMs()), Traceparent: m.GetTraceparent(),
		}
	}
	return out
}
