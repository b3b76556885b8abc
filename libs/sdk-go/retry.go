package onceport

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy is a bounded exponential backoff with full jitter. A publish whose outcome is
// unknown is retried, with the same idempotency key, until it is known or the context ends;
// Deadline (zero: none) also bounds how long the SDK keeps trying.
type RetryPolicy struct {
	Initial    time.Duration
	Maximum    time.Duration
	Multiplier float64
	Deadline   time.Duration
}

// DefaultRetryPolicy waits 0 to 100 ms before the first retry, doubling up to 5 s.
var DefaultRetryPolicy = RetryPolicy{Initial: 100 * time.Millisecond, Maximum: 5 * time.Second, Multiplier: 2}

type backoff struct {
	policy  RetryPolicy
	ceiling time.Duration
	giveUp  time.Time
}

func newBackoff(policy RetryPolicy) *backoff {
	b := &backoff{policy: policy, ceiling: policy.Initial}
	if policy.Deadline > 0 {
		b.giveUp = time.Now().Add(policy.Deadline)
	}
	return b
}

// wait sleeps before the next attempt; false when the context or the deadline does not allow one.
func (b *backoff) wait(ctx context.Context) bool {
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
