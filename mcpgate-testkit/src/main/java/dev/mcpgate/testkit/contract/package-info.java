/**
 * Contract kits: abstract JUnit 5 test classes, one per SPI of {@code mcpgate-api}, that an
 * implementation's own test class extends to prove it honours the SPI's contract, as Micrometer's
 * {@code MeterRegistryCompatibilityKit} does for meter registries. mcpgate's own implementations
 * extend them in their modules' tests. See {@code docs/testing.md}.
 */
@NullMarked
package dev.mcpgate.testkit.contract;

import org.jspecify.annotations.NullMarked;
