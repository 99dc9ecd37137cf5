/**
 * The implementation of {@code mcpgate serve}: the YAML configuration and its validation, and
 * the assembly of a gateway from it with the library's client registry, identity resolvers and
 * rule policy engine. Not an API: everything here may change between releases.
 */
@NullMarked
package dev.mcpgate.cli.internal;

import org.jspecify.annotations.NullMarked;
