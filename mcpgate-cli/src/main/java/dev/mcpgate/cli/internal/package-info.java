/**
 * The implementation of {@code mcpgate serve}: the YAML configuration and its validation, the
 * API-key identity resolver, the rule-based policy and the assembly of a gateway from a
 * configuration. Not an API: everything here may change between releases.
 */
@NullMarked
package dev.mcpgate.cli.internal;

import org.jspecify.annotations.NullMarked;
