package dev.mcpgate.core.internal;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The engine's one JSON mapper, configured for untrusted input. */
public final class Json {

  /** The deepest nesting a message may have; deeper input is refused before it costs anything. */
  public static final int MAX_NESTING_DEPTH = 200;

  /** The mapper: strict duplicate detection, bounded nesting, no trailing tokens. */
  public static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}
}
