package dev.mcpgate.examples.conformance;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Content;
import dev.mcpgate.core.LogLevel;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The tools the conformance suite's server scenarios call, with the names, content and schemas
 * each scenario checks ({@code tools-call-*}, {@code json-schema-2020-12}). Every tool has a
 * description because {@code tools-list} requires one.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConformanceTools {

  /** A 1x1 red RGBA PNG: the smallest image the image scenarios accept. */
  static final String RED_PIXEL_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  /**
   * The 2020-12 schema of {@code json_schema_2020_12_tool}, exactly as the scenario lists it (its
   * 2026-07-28 form, which adds composition, conditional and {@code $anchor} keywords).
   */
  static final String JSON_SCHEMA_2020_12 =
      """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {
          "address": {
            "$anchor": "addressDef",
            "type": "object",
            "properties": {
              "street": { "type": "string" },
              "city": { "type": "string" }
            }
          }
        },
        "properties": {
          "name": { "type": "string" },
          "address": { "$ref": "#/$defs/address" },
          "contactMethod": { "type": "string", "enum": ["phone", "email"] },
          "phone": { "type": "string" },
          "email": { "type": "string" }
        },
        "allOf": [{ "anyOf": [{ "required": ["phone"] }, { "required": ["email"] }] }],
        "if": {
          "properties": { "contactMethod": { "const": "phone" } },
          "required": ["contactMethod"]
        },
        "then": { "required": ["phone"] },
        "else": { "required": ["email"] },
        "additionalProperties": false
      }
      """;

  // The logging and progress scenarios expect notifications spread over the call (~50 ms apart),
  // so a client has to cope with several arriving on the response stream before the result.
  private static final long STEP_MILLIS = 50;

  private ConformanceTools() {}

  /**
   * Registers every conformance test tool.
   *
   * @param builder the gateway builder to register them with
   * @return the same builder
   */
  public static McpGateway.Builder registerAll(McpGateway.Builder builder) {
    return builder
        .tool(
            tool("test_simple_text", "Returns simple text content."),
            call -> ToolResult.text("This is a simple text response for testing."))
        .tool(
            tool("test_image_content", "Returns an image (a 1x1 red PNG)."),
            call -> ToolResult.of(new Content.Image(RED_PIXEL_PNG, "image/png")))
        .tool(
            tool("test_audio_content", "Returns audio (a short silent WAV)."),
            call -> ToolResult.of(Content.audio(silentWav(), "audio/wav")))
        .tool(
            tool("test_embedded_resource", "Returns an embedded text resource."),
            call ->
                ToolResult.of(
                    new Content.EmbeddedResource(
                        "test://embedded-resource",
                        "text/plain",
                        "This is an embedded resource content.",
                        null)))
        .tool(
            tool("test_multiple_content_types", "Returns text, an image and a resource."),
            call ->
                ToolResult.of(
                    Content.text("Multiple content types test:"),
                    new Content.Image(RED_PIXEL_PNG, "image/png"),
                    new Content.EmbeddedResource(
                        "test://mixed-content-resource",
                        "application/json",
                        "{\"test\":\"data\",\"value\":123}",
                        null)))
        .tool(
            tool("test_tool_with_logging", "Sends three info log messages while it runs."),
            ConformanceTools::withLogging)
        .tool(
            tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100 while it runs."),
            ConformanceTools::withProgress)
        .tool(
            tool("test_error_handling", "Always fails, to test error reporting."),
            // A failure the model should read is a result with isError, not an exception: an
            // exception would reach the client only as a generic "the tool failed" message.
            call -> ToolResult.error("This tool intentionally returns an error for testing"))
        .tool(
            ToolDefinition.builder("test_header_params")
                .description("Echoes a region that clients mirror in the Mcp-Param-Region header.")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"region\":"
                    + "{\"type\":\"string\",\"x-mcp-header\":\"Region\"}},"
                    + "\"required\":[\"region\"]}")
                .build(),
            call -> ToolResult.text("region: " + call.arguments().path("region").asString()))
        .tool(
            ToolDefinition.builder("json_schema_2020_12_tool")
                .description("Tool with JSON Schema 2020-12 features")
                .inputSchema(JSON_SCHEMA_2020_12)
                .build(),
            call -> ToolResult.text("Received: " + call.arguments()));
  }

  private static ToolDefinition tool(String name, String description) {
    return ToolDefinition.builder(name).description(description).build();
  }

  private static ToolResult withLogging(ToolCall call) throws InterruptedException {
    List<String> messages =
        List.of("Tool execution started", "Tool processing data", "Tool execution completed");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        Thread.sleep(STEP_MILLIS);
      }
      if (call.isCancelled()) {
        return ToolResult.error("cancelled");
      }
      call.log(LogLevel.INFO, messages.get(i));
    }
    return ToolResult.text("Tool with logging executed successfully");
  }

  private static ToolResult withProgress(ToolCall call) throws InterruptedException {
    double[] steps = {0, 50, 100};
    for (int i = 0; i < steps.length; i++) {
      if (i > 0) {
        Thread.sleep(STEP_MILLIS);
      }
      if (call.isCancelled()) {
        return ToolResult.error("cancelled");
      }
      call.progress(steps[i], 100.0, null);
    }
    return ToolResult.text("Tool with progress executed successfully");
  }

  /** A valid PCM WAV file: 8 kHz, mono, 8-bit, 80 samples (10 ms) of silence. */
  static byte[] silentWav() {
    int sampleRate = 8000;
    byte[] samples = new byte[80];
    // Unsigned 8-bit PCM is silent at its midpoint, not at zero.
    Arrays.fill(samples, (byte) 0x80);
    ByteBuffer wav = ByteBuffer.allocate(44 + samples.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length);
    wav.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    wav.putShort((short) 1) // PCM
        .putShort((short) 1) // channels
        .putInt(sampleRate)
        .putInt(sampleRate) // byte rate: rate * channels * bytes per sample
        .putShort((short) 1) // block align
        .putShort((short) 8); // bits per sample
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length).put(samples);
    return wav.array();
  }
}
