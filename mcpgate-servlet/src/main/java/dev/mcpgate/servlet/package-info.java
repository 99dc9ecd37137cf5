/**
 * MCP's Streamable HTTP transport for jakarta servlet containers (Servlet 6.0: Tomcat 10.1+,
 * Jetty 12, Spring Boot 3 and 4): {@link dev.mcpgate.servlet.McpFilter}, mounted in front of a
 * host application, and {@link dev.mcpgate.servlet.McpServlet} where a servlet fits better.
 */
@NullMarked
package dev.mcpgate.servlet;

import org.jspecify.annotations.NullMarked;
