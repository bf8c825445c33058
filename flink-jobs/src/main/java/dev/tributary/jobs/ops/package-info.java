/**
 * Operating a pipeline safely around its job: one writer per pipeline and lake ({@link
 * dev.tributary.jobs.ops.WriterLease}, kept alive by {@link dev.tributary.jobs.ops.LeaseHeartbeatSink}),
 * and what a fresh start does with output already in the lake ({@link dev.tributary.jobs.ops.WriteMode},
 * {@link dev.tributary.jobs.ops.OutputGuard}).
 */
package dev.tributary.jobs.ops;
