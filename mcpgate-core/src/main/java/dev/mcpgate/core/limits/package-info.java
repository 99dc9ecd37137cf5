/**
 * The size and rate gates of a tool call: {@link dev.mcpgate.core.limits.SizeLimits} bounds the
 * arguments, and a {@link dev.mcpgate.core.limits.RateLimiter} (normally {@link
 * dev.mcpgate.core.limits.RateLimits}, token buckets kept in a {@link
 * dev.mcpgate.api.BucketStore}, by default {@link dev.mcpgate.core.limits.BucketStores#inMemory()})
 * bounds how often a client may call. Both answer with a
 * value; neither throws for a refusal.
 */
@NullMarked
package dev.mcpgate.core.limits;

import org.jspecify.annotations.NullMarked;
