package dev.mcpgate.core.resources;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A resource with a fixed URI, as {@code resources/list} describes it.
 *
 * @param uri the URI, with a scheme (such as {@code file:///notes.txt} or {@code
 *     app://orders/summary}); unique within a gateway
 * @param name its name, for programs (and for display when there is no title)
 * @param title a human-readable name, or null
 * @param description what it represents, a hint for the model, or null
 * @param mimeType its media type, or null if unknown
 * @param annotations hints for the client, or null
 * @param size its size in bytes before any encoding, or null if unknown
 */
public record Resource(
    String uri,
    String name,
    @Nullable String title,
    @Nullable String description,
    @Nullable String mimeType,
    @Nullable Annotations annotations,
    @Nullable Long size) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the URI has no scheme, the name is blank or the size is
   *     negative
   */
  public Resource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    if (!UriTemplate.hasScheme(uri)) {
      throw new IllegalArgumentException("a resource URI needs a scheme, such as app://...");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("a resource needs a name");
    }
    if (size != null && size < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
  }

  /**
   * A builder for the optional fields.
   *
   * @param uri the resource's URI
   * @param name its name
   * @return the builder
   */
  public static Builder builder(String uri, String name) {
    return new Builder(uri, name);
  }

  /** Builds a {@link Resource}. Not thread-safe. */
  public static final class Builder {
    private final String uri;
    private final String name;
    private @Nullable String title;
    private @Nullable String description;
    private @Nullable String mimeType;
    private @Nullable Annotations annotations;
    private @Nullable Long size;

    private Builder(String uri, String name) {
      this.uri = uri;
      this.name = name;
    }

    /**
     * Sets the title.
     *
     * @param title a human-readable name, or null
     * @return this builder
     */
    public Builder title(@Nullable String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description what it represents, or null
     * @return this builder
     */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets the media type.
     *
     * @param mimeType such as {@code text/plain}, or null
     * @return this builder
     */
    public Builder mimeType(@Nullable String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /**
     * Sets the annotations.
     *
     * @param annotations the hints, or null
     * @return this builder
     */
    public Builder annotations(@Nullable Annotations annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * Sets the size.
     *
     * @param size bytes, or null if unknown
     * @return this builder
     */
    public Builder size(@Nullable Long size) {
      this.size = size;
      return this;
    }

    /**
     * Builds the resource.
     *
     * @return the resource
     * @throws IllegalArgumentException as {@link Resource#Resource} does
     */
    public Resource build() {
      return new Resource(uri, name, title, description, mimeType, annotations, size);
    }
  }
}
