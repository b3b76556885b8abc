package onceport

import "math"

// SubscribeOption configures Client.Subscribe.
type SubscribeOption interface{ applySubscribe(*subscribeOptions) }

// ProcessOption configures Client.Process.
type ProcessOption interface{ applyProcess(*processOptions) }

// ReadOption configures both Subscribe and Process.
type ReadOption interface {
	SubscribeOption
	ProcessOption
}

type subscribeOptions struct {
	position      string
	startAtLatest bool
}

type processOptions struct {
	workerID           string
	maxBatchRecords    int32
	maxInFlightBatches int32
	startAtLatest      bool
}

type subscribeOption func(*subscribeOptions)

func (f subscribeOption) applySubscribe(o *subscribeOptions) { f(o) }

type processOption func(*processOptions)

func (f processOption) applyProcess(o *processOptions) { f(o) }

type startAtLatest struct{}

func (startAtLatest) applySubscribe(o *subscribeOptions) { o.startAtLatest = true }
func (startAtLatest) applyProcess(o *processOptions)     { o.startAtLatest = true }

// StartAtLatest starts partitions with no position (Subscribe) or no committed offset in
// the group (Process) at their latest offset, so only what is committed from then on is
// read, instead of at their earliest.
func StartAtLatest() ReadOption { return startAtLatest{} }

// WithPosition resumes a subscription right after the batch that carried position (a
// SubscribeBatch.Position of an earlier subscription to the same topics, in this process or
// another). Default: from the start (or the latest offsets, with StartAtLatest).
func WithPosition(position string) SubscribeOption {
	return subscribeOption(func(o *subscribeOptions) { o.position = position })
}

// WithWorkerID names the worker, written as the onceport-client-id header of every output
// (letters, digits, '.', '_', '-'). Default: the client id.
func WithWorkerID(id string) ProcessOption {
	return processOption(func(o *processOptions) { o.workerID = id })
}

// WithMaxBatchRecords bounds the records of one batch. Default: the gateway's limit (1,000
// unless configured).
func WithMaxBatchRecords(n int) ProcessOption {
	return processOption(func(o *processOptions) { o.maxBatchRecords = int32(min(n, math.MaxInt32)) })
}

// WithMaxInFlightBatches lets the handler run on this many batches at once, each of a
// different partition. Default 1; the gateway caps it (8 unless configured).
func WithMaxInFlightBatches(n int) ProcessOption {
	return processOption(func(o *processOptions) { o.maxInFlightBatches = int32(min(n, math.MaxInt32)) })
}
