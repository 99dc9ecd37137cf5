/**
 * The fixture server that the official MCP conformance suite ({@code
 * @modelcontextprotocol/conformance}) runs against: mcpgate's filter on embedded Jetty, serving
 * the suite's test tools. Started by {@code scripts/conformance.sh}.
 */
@NullMarked
package dev.mcpgate.examples.conformance;

import org.jspecify.annotations.NullMarked;
