package dev.mcpgate.core.resources;

import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a {@link ResourceReader} returns for one resource: text, or bytes. */
public sealed interface ResourceContents {

  /**
   * The URI these contents belong to: the URI that was read, or a sub-resource of it.
   *
   * @return the URI
   */
  String uri();

  /**
   * The media type.
   *
   * @return such as {@code text/plain}, or null if unknown
   */
  @Nullable String mimeType();

  /**
   * Text contents.
   *
   * @param uri the URI
   * @param mimeType the media type, or null
   * @param text the text
   */
  record Text(String uri, @Nullable String mimeType, String text) implements ResourceContents {
    /** Validates the fields. */
    public Text {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Binary contents, base64-encoded.
   *
   * @param uri the URI
   * @param mimeType the media type, or null
   * @param blob the bytes, base64-encoded
   */
  record Blob(String uri, @Nullable String mimeType, String blob) implements ResourceContents {
    /** Validates the fields. */
    public Blob {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(blob, "blob");
    }
  }

  /**
   * Text contents.
   *
   * @param uri the URI
   * @param mimeType the media type, or null
   * @param text the text
   * @return the contents
   */
  static ResourceContents text(String uri, @Nullable String mimeType, String text) {
    return new Text(uri, mimeType, text);
  }

  /**
   * Binary contents from raw bytes.
   *
   * @param uri the URI
   * @param mimeType the media type, or null
   * @param bytes the bytes
   * @return the contents
   */
  static ResourceContents blob(String uri, @Nullable String mimeType, byte[] bytes) {
    return new Blob(uri, mimeType, Base64.getEncoder().encodeToString(bytes));
  }
}
