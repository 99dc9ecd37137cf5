/**
 * A runnable host application that embeds mcpgate: a small orders API on embedded Jetty, guarded
 * by its own API key, that serves its own OpenAPI description as MCP tools through {@link
 * dev.mcpgate.servlet.McpFilter}, dispatched in-process, plus the tools of a third-party
 * shipping API reached over the network. Started with {@code java -jar mcpgate-host-app.jar}.
 */
@NullMarked
package dev.mcpgate.examples.hostapp;

import org.jspecify.annotations.NullMarked;
