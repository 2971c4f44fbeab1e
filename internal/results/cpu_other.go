//go:build !linux

package results

import "context"

// WatchCPU returns nil: only Linux tells, through /proc/stat, how busy
// the processors have been.
func WatchCPU(ctx context.Context) *CPUWatch { return nil }
