package io.n6k.backend;

import java.util.List;

import io.n6k.protocol.TableInfo;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What an op handler answers. The engine turns it into frames, so flow control, cancel
 * and the frame layout are the engine's job and no backend can get them wrong.
 *
 * @author n6k
 * @since 0.1.0
 */
public sealed interface Result {

	/**
	 * CATALOG_LIST: {@code RESP_CHUNK{schemas}}, {@code RESP_END{}}.
	 * @param schemas schema names; the engine sends them as given
	 * @return the result
	 */
	static Result schemas(List<String> schemas) {
		return new Schemas(List.copyOf(schemas));
	}

	/**
	 * TABLES_LIST: {@code RESP_CHUNK{tables}}, {@code RESP_END{}}.
	 * @param tables the rows
	 * @return the result
	 */
	static Result tables(List<TableInfo> tables) {
		return new Tables(List.copyOf(tables));
	}

	/**
	 * TABLE_SCHEMA: {@code RESP_SCHEMA}, {@code RESP_END{}}.
	 * @param schema the Arrow schema
	 * @return the result
	 */
	static Result schema(Schema schema) {
		return new SchemaOnly(schema);
	}

	/**
	 * INSERT and EXEC: {@code RESP_END{rowcount}}.
	 * @param rowCount the row count
	 * @return the result
	 */
	static Result rowCount(long rowCount) {
		return new RowCount(rowCount);
	}

	/**
	 * CREATE_TABLE and ALTER_TABLE: {@code RESP_END{ok:true}}.
	 * @return the result
	 */
	static Result ok() {
		return Ok.INSTANCE;
	}

	/**
	 * Streaming ops: schema, one credited chunk per batch, EOS,
	 * {@code RESP_END{rowcount:nil}}.
	 * @param source the batches; the engine closes it
	 * @return the result
	 */
	static Result stream(BatchSource source) {
		return new Stream(source);
	}

	/**
	 * Schema names.
	 *
	 * @param schemas the names
	 */
	record Schemas(List<String> schemas) implements Result {
	}

	/**
	 * Table rows.
	 *
	 * @param tables the rows
	 */
	record Tables(List<TableInfo> tables) implements Result {
	}

	/**
	 * A schema without data.
	 *
	 * @param schema the schema
	 */
	record SchemaOnly(Schema schema) implements Result {
	}

	/**
	 * A row count.
	 *
	 * @param rowCount the count
	 */
	record RowCount(long rowCount) implements Result {
	}

	/**
	 * Success without data.
	 */
	enum Ok implements Result {

		INSTANCE

	}

	/**
	 * A stream of Arrow batches.
	 *
	 * @param source the batches
	 */
	record Stream(BatchSource source) implements Result {
	}

}
