package onceport

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// ProcessBatch is records of one input partition, in offset order, to turn into outputs.
type ProcessBatch struct {
	ID        string
	Topic     string
	Partition int32
	Records   []ConsumedRecord
}

// ProcessOutput is one output record and the input record it came from.
type ProcessOutput struct {
	// InputOffset is the Offset of the input record in the batch.
	InputOffset int64
	// Record is the record to write. Its MessageID must be empty (the gateway derives it
	// from the input record) and no header name may start with "onceport-".
	Record Record
	// Traceparent is the W3C trace context this output was made in (typically the worker's
	// own span, started from the input's Traceparent). Empty: the gateway's consumer span
	// of the input record.
	Traceparent string
}

// ProcessHandler turns a batch into its outputs: any number per input record (none, one,
// several). It must be deterministic (same batch, same outputs, in the same order): a batch
// whose commit was lost is delivered again, and the outputs' message ids
// ("<group>/<topic>/<partition>/<input offset>/<index>") are stable only if the handler
// answers alike. Side effects outside Kafka are not covered by exactly-once.
//
// ctx ends when the batch can no longer be committed (its stream ended, a rebalance took it
// back): its records will be delivered again, and what the handler returns is dropped. It
// does not end when the worker is asked to stop: a batch in hand is still committed then.
// An error stops the worker: Client.Process returns it.
type ProcessHandler func(ctx context.Context, batch *ProcessBatch) ([]ProcessOutput, error)

// EachRecord makes a handler of a per-record transform: each input record's outputs are
// tagged with its offset, in order. The transform runs on one record at a time, in offset
// order, and must be deterministic.
//
//	client.Process(ctx, "eur", []string{"payments"}, onceport.EachRecord(
//		func(ctx context.Context, r onceport.ConsumedRecord) ([]onceport.Record, error) {
//			return []onceport.Record{{Topic: "payments-eur", Key: r.Key, Value: convert(r.Value)}}, nil
//		}))
func EachRecord(transform func(ctx context.Context, record ConsumedRecord) ([]Record, error)) ProcessHandler {
	return func(ctx context.Context, batch *ProcessBatch) ([]ProcessOutput, error) {
		var outputs []ProcessOutput
		for _, record := range batch.Records {
			produced, err := transform(ctx, record)
			if err != nil {
				return nil, err
			}
			for _, output := range produced {
				outputs = append(outputs, ProcessOutput{InputOffset: record.Offset, Record: output})
			}
		}
		return outputs, nil
	}
}

// toProtoOutputs checks a handler's outputs before they are sent. Mistakes the gateway would
// answer by ending the stream at once (an input offset not in the batch, a message id or an
// "onceport-" header of the worker's own) are reported here instead, as the handler's
// failure, so that the worker still leaves cleanly and its other batches may commit.
func toProtoOutputs(outputs []ProcessOutput, batch *ProcessBatch) ([]*onceportv1.ProcessOutput, error) {
	offsets := make(map[int64]bool, len(batch.Records))
	for _, record := range batch.Records {
		offsets[record.Offset] = true
	}
	out := make([]*onceportv1.ProcessOutput, len(outputs))
	for i, output := range outputs {
		if !offsets[output.InputOffset] {
			return nil, invalidOutput(reasonInvalidArgument, "output %d names input offset %d, which is not in batch %s (%s/%d)",
				i, output.InputOffset, batch.ID, batch.Topic, batch.Partition)
		}
		if output.Record.MessageID != "" {
			return nil, invalidOutput(reasonInvalidArgument, "output %d sets a message id: the gateway derives it from the input record", i)
		}
		for name := range output.Record.Headers {
			if strings.HasPrefix(strings.ToLower(name), "onceport-") {
				return nil, invalidOutput(reasonReservedHeader, `output %d: header names starting "onceport-" are reserved (header %s)`, i, name)
			}
		}
		out[i] = &onceportv1.ProcessOutput{
			InputOffset: output.InputOffset,
			Record:      toProtos([]Record{output.Record})[0],
			Traceparent: output.Traceparent,
		}
	}
	return out, nil
}

func invalidOutput(reason, format string, args ...any) error {
	return &Error{Reason: reason, Code: codes.InvalidArgument, Message: fmt.Sprintf(format, args...)}
}
