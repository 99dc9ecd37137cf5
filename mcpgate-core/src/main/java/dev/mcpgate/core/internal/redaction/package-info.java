/**
 * Redaction of secret material from what an upstream answers: every encoded form of every
 * secret value ({@link dev.mcpgate.core.internal.redaction.SecretForms}), found in one pass per
 * decoding of the body ({@link dev.mcpgate.core.internal.redaction.DecodedView}) by a
 * multi-pattern automaton ({@link dev.mcpgate.core.internal.redaction.PatternAutomaton}), and
 * replaced before the body is cut at its size cap ({@link
 * dev.mcpgate.core.internal.redaction.Redactor}). Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.redaction;

import org.jspecify.annotations.NullMarked;
