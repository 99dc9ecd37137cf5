/**
 * Where rate-limit buckets live on one instance: {@link
 * dev.mcpgate.core.internal.limits.InMemoryBucketStore}, bucket4j buckets in a bounded Caffeine
 * cache. Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.limits;

import org.jspecify.annotations.NullMarked;
