/**
 * Waiting, one way for every module: {@link dev.baton.internal.retry.BackoffStrategy} (fixed,
 * exponential with full or equal jitter), {@link dev.baton.internal.retry.Sleeper}, {@link
 * dev.baton.internal.retry.RandomSource}, {@link dev.baton.internal.retry.RetryAfter} and {@link
 * dev.baton.internal.retry.Poll} (polling until a deadline). Exported only to the provider modules
 * that retry (see {@code module-info.java}).
 */
package dev.baton.internal.retry;
