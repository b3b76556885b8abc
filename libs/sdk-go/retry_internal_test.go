package onceport

import (
	"context"
	"testing"
)

// MaxAttempts counts the first attempt: a policy of 3 allows two retries.
func TestBackoffStopsAtMaxAttempts(t *testing.T) {
	b := newBackoff(RetryPolicy{Multiplier: 1, MaxAttempts: 3})
	var allowed int
	for b.wait(context.Background()) {
		allowed++
		if allowed > 10 {
			break
		}
	}
	if allowed != 2 {
		t.Fatalf("retries allowed: %d, want 2", allowed)
	}
}
