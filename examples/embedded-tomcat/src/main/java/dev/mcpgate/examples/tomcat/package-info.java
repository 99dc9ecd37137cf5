/**
 * The embedding tutorial's application on embedded Tomcat 11 ({@code docs/embedding.md}): {@link
 * dev.mcpgate.examples.tomcat.EmbeddedTomcat} maps {@link dev.mcpgate.servlet.McpServlet} next to
 * a small order service, {@link dev.mcpgate.examples.tomcat.Orders}.
 */
@NullMarked
package dev.mcpgate.examples.tomcat;

import org.jspecify.annotations.NullMarked;
