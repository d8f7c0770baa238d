package io.n6k.backend;

/**
 * The change an ALTER_TABLE request asks for.
 *
 * @author n6k
 * @since 0.1.0
 */
public sealed interface AlterAction {

	/**
	 * {@code ADD COLUMN}.
	 *
	 * @param column the new column
	 */
	record AddColumn(ColumnDefinition column) implements AlterAction {
	}

	/**
	 * {@code DROP COLUMN}.
	 *
	 * @param name the column to drop
	 */
	record DropColumn(String name) implements AlterAction {
	}

	/**
	 * {@code RENAME COLUMN}.
	 *
	 * @param oldName current name
	 * @param newName new name
	 */
	record RenameColumn(String oldName, String newName) implements AlterAction {
	}

}
