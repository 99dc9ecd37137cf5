/**
 * The runtime gates a call passes before any credential is resolved, each a small pure check,
 * and the pipeline that runs them in the order DESIGN.md gives. Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.gates;

import org.jspecify.annotations.NullMarked;
