package dev.mcpgate.core.identity;

/**
 * A key as the registry holds it: its description and the SHA-256 of the key. The hash never
 * leaves this package and never appears in {@link #toString()}.
 */
final class StoredKey {

  final IssuedKey issued;
  /** SHA-256 of the whole key's ASCII bytes; 32 bytes; never handed out. */
  final byte[] hash;

  StoredKey(IssuedKey issued, byte[] hash) {
    this.issued = issued;
    this.hash = hash.clone();
  }

  @Override
  public String toString() {
    return "StoredKey[" + issued.keyId() + "]";
  }
}
