/**
 * The embedding tutorial's application on embedded Jetty 12 ({@code docs/embedding.md}): {@link
 * dev.mcpgate.examples.jetty.EmbeddedJetty} mounts {@link dev.mcpgate.servlet.McpFilter} in front
 * of a small order service, {@link dev.mcpgate.examples.jetty.Orders}.
 */
@NullMarked
package dev.mcpgate.examples.jetty;

import org.jspecify.annotations.NullMarked;
