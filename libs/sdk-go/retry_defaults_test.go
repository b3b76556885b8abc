package onceport_test

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	onceport "onceport.dev/sdk-go"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Every field of the shared spec (proto/onceport/v1/retry_policy.proto) is set and lands in
// DefaultRetryPolicy: a field added to the spec fails here until the SDK maps it.
func TestDefaultRetryPolicyIsTheSharedSpec(t *testing.T) {
	spec := proto.GetExtension(onceportv1.File_onceport_v1_retry_policy_proto.Options(), onceportv1.E_RetryDefaults).(*onceportv1.RetryPolicySpec)
	policy := onceport.DefaultRetryPolicy
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	got := map[protoreflect.Name]float64{
		"max_attempts":     float64(policy.MaxAttempts),
		"initial_delay_ms": ms(policy.Initial),
		"max_delay_ms":     ms(policy.Maximum),
		"multiplier":       policy.Multiplier,
		"max_elapsed_ms":   ms(policy.Deadline),
	}
	message := spec.ProtoReflect()
	fields := message.Descriptor().Fields()
	if fields.Len() != len(got) {
		t.Fatalf("the spec has %d fields, the SDK maps %d", fields.Len(), len(got))
	}
	for i := range fields.Len() {
		field := fields.Get(i)
		value, mapped := got[field.Name()]
		if !mapped || !message.Has(field) {
			t.Fatalf("spec field %s: mapped %v, set %v", field.Name(), mapped, message.Has(field))
		}
		var want float64
		if field.Kind() == protoreflect.DoubleKind {
			want = message.Get(field).Float()
		} else {
			want = float64(message.Get(field).Uint())
		}
		if value != want {
			t.Errorf("DefaultRetryPolicy's %s is %v, the spec says %v", field.Name(), value, want)
		}
	}
}
