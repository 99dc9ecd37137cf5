package dev.mcpgate.core;

import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One item of a tool result's {@code content}. */
public sealed interface Content {

  /**
   * Text content.
   *
   * @param text the text
   */
  record Text(String text) implements Content {
    /** Validates the fields. */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image.
   *
   * @param data the image bytes, base64-encoded
   * @param mimeType such as {@code image/png}
   */
  record Image(String data, String mimeType) implements Content {
    /** Validates the fields. */
    public Image {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(mimeType, "mimeType");
    }
  }

  /**
   * Audio.
   *
   * @param data the audio bytes, base64-encoded
   * @param mimeType such as {@code audio/wav}
   */
  record Audio(String data, String mimeType) implements Content {
    /** Validates the fields. */
    public Audio {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(mimeType, "mimeType");
    }
  }

  /**
   * A resource embedded in the result, with either text or a base64 blob.
   *
   * @param uri the resource's URI
   * @param mimeType its media type, or null
   * @param text its text, or null when {@code blob} is set
   * @param blob its bytes base64-encoded, or null when {@code text} is set
   */
  record EmbeddedResource(
      String uri, @Nullable String mimeType, @Nullable String text, @Nullable String blob)
      implements Content {
    /** Validates the fields: exactly one of text and blob. */
    public EmbeddedResource {
      Objects.requireNonNull(uri, "uri");
      if ((text == null) == (blob == null)) {
        throw new IllegalArgumentException("an embedded resource has either text or a blob");
      }
    }
  }

  /**
   * A link to a resource the client may fetch.
   *
   * @param uri the resource's URI
   * @param name its name
   * @param mimeType its media type, or null
   */
  record ResourceLink(String uri, String name, @Nullable String mimeType) implements Content {
    /** Validates the fields. */
    public ResourceLink {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * Text content.
   *
   * @param text the text
   * @return the content
   */
  static Content text(String text) {
    return new Text(text);
  }

  /**
   * An image from raw bytes.
   *
   * @param bytes the image
   * @param mimeType its media type
   * @return the content
   */
  static Content image(byte[] bytes, String mimeType) {
    return new Image(Base64.getEncoder().encodeToString(bytes), mimeType);
  }

  /**
   * Audio from raw bytes.
   *
   * @param bytes the audio
   * @param mimeType its media type
   * @return the content
   */
  static Content audio(byte[] bytes, String mimeType) {
    return new Audio(Base64.getEncoder().encodeToString(bytes), mimeType);
  }
}
