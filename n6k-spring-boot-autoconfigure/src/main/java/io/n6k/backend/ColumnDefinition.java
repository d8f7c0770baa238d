package io.n6k.backend;

/**
 * A column of a CREATE_TABLE or {@code add_column} request.
 *
 * @param name column name
 * @param type DuckDB type text as the client sent it
 * @author n6k
 * @since 0.1.0
 */
public record ColumnDefinition(String name, String type) {
}
