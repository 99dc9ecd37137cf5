/**
 * What users of mcpgate need in their own integration tests: {@link
 * dev.mcpgate.testkit.McpTestClient}, a small MCP Streamable HTTP client that shows exactly what
 * went over the wire; {@link dev.mcpgate.testkit.FakeUpstream}, a loopback upstream API that
 * answers as scripted and records what it received; {@link
 * dev.mcpgate.testkit.RecordingAuditSink}.
 */
@NullMarked
package dev.mcpgate.testkit;

import org.jspecify.annotations.NullMarked;
