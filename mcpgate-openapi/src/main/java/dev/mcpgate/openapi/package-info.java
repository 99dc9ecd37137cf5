/**
 * Importers that turn OpenAPI (2.0, 3.0, 3.1) and Postman (v2.0, v2.1) descriptions into
 * governed tool definitions with their detected upstream auth requirements.
 */
@NullMarked
package dev.mcpgate.openapi;

import org.jspecify.annotations.NullMarked;
