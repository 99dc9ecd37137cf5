/**
 * JMH benchmarks of the engine, run by hand and never in CI; see {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.mcpgate.benchmarks;

import org.jspecify.annotations.NullMarked;
