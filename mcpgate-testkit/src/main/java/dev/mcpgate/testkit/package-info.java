/**
 * What tests of mcpgate deployments and of SPI implementations need, with nothing but {@code
 * mcpgate-api} beneath it: {@link dev.mcpgate.testkit.McpTestClient}, a small MCP Streamable HTTP
 * client that shows exactly what went over the wire; {@link dev.mcpgate.testkit.FakeUpstream}, a
 * loopback upstream API that answers as scripted and records what it received; {@link
 * dev.mcpgate.testkit.RecordingAuditSink}; {@link dev.mcpgate.testkit.TestRequest}, an inbound
 * request for calling an identity resolver directly; and token minting with the JDK's crypto
 * ({@link dev.mcpgate.testkit.TestKey}, {@link dev.mcpgate.testkit.TestJwt}, {@link
 * dev.mcpgate.testkit.JwksServer}). The contract kits are in {@code
 * dev.mcpgate.testkit.contract}.
 */
@NullMarked
package dev.mcpgate.testkit;

import org.jspecify.annotations.NullMarked;
