package onceport

import (
	"context"
	"math/rand/v2"
	"time"

	"google.golang.org/protobuf/proto"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// RetryPolicy is a bounded exponential backoff with full jitter. A publish whose outcome is
// unknown is retried, with the same idempotency key, until it is known, the context ends, or
// the policy's bounds say to give up: MaxAttempts (zero: none) counts the first attempt,
// Deadline (zero: none) bounds how long the SDK keeps trying.
type RetryPolicy struct {
	Initial     time.Duration
	Maximum     time.Duration
	Multiplier  float64
	Deadline    time.Duration
	MaxAttempts int
}

// DefaultRetryPolicy is the default of every Onceport SDK, declared once as the option
// retry_defaults of proto/onceport/v1/retry_policy.proto and read from its generated descriptor.
var DefaultRetryPolicy = retryPolicyOf(proto.GetExtension(
	onceportv1.File_onceport_v1_retry_policy_proto.Options(), onceportv1.E_RetryDefaults,
).(*onceportv1.RetryPolicySpec))

func retryPolicyOf(spec *onceportv1.RetryPolicySpec) RetryPolicy {
	ms := func(n uint32) time.Duration { return time.Duration(n) * time.Millisecond }
	return RetryPolicy{
		Initial:     ms(spec.GetInitialDelayMs()),
		Maximum:     ms(spec.GetMaxDelayMs()),
		Multiplier:  spec.GetMultiplier(),
		Deadline:    ms(spec.GetMaxElapsedMs()),
		MaxAttempts: int(spec.GetMaxAttempts()),
	}
}

type backoff struct {
	policy  RetryPolicy
	ceiling time.Duration
	giveUp  time.Time
	retries int
}

func newBackoff(policy RetryPolicy) *backoff {
	b := &backoff{policy: policy, ceiling: policy.Initial}
	if policy.Deadline > 0 {
		b.giveUp = time.Now().Add(policy.Deadline)
	}
	return b
}

// wait sleeps before the next attempt; false when the context, the deadline or the attempts
// do not allow one.
func (b *backoff) wait(ctx context.Context) bool {
	if b.policy.MaxAttempts > 0 && b.retries+1 >= b.policy.MaxAttempts {
		return false
	}
	b.retries++
	delay := time.Duration(rand.Int64N(int64(b.ceiling) + 1))
	b.ceiling = min(b.policy.Maximum, time.Duration(float64(b.ceiling)*b.policy.Multiplier))
	if !b.giveUp.IsZero() && time.Now().Add(delay).After(b.giveUp) {
		return false
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
