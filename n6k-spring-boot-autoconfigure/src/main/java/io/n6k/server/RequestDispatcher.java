package io.n6k.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.n6k.backend.Aggregate;
import io.n6k.backend.AlterAction;
import io.n6k.backend.ArrowPayload;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.Filters;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.Args;
import io.n6k.protocol.Frame;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.Op;
import org.jspecify.annotations.Nullable;

/**
 * Decodes and validates the arguments of a request, with the reference's exact messages,
 * and calls the matching op handler.
 *
 * @author n6k
 */
final class RequestDispatcher {

	static final String MALFORMED_INSERT = "n6k_server: malformed Arrow IPC insert payload (schema unreadable)";

	static final String MALFORMED_RPC_INPUT = "n6k_server: malformed Arrow IPC payload for OP_RPC_TABLE (schema unreadable)";

	private static final Set<String> AGGREGATE_FUNCTIONS = Set.of("count", "sum", "min", "max", "avg");

	private RequestDispatcher() {
	}

	static Result dispatch(CatalogHandler handler, RequestContext context, Op op, Frame frame) throws Exception {
		Args args = frame.args();
		if (frame.invalidText() && op != Op.CATALOG_LIST && op != Op.TABLES_LIST) {
			// the reference cannot read arguments that are not UTF-8 (it parses them as
			// JSON)
			String part = (op == Op.INSERT || op == Op.RPC_TABLE) ? "header" : "body";
			throw N6kException.invalidInput("n6k_server: " + op.wireName() + " " + part + " is not valid JSON");
		}
		return switch (op) {
			case CATALOG_LIST -> handler.catalogList(context);
			case TABLES_LIST ->
				handler.tablesList(context, new Requests.TablesList(frame.invalidText() ? null : args.name("schema")));
			case TABLE_SCHEMA -> handler.tableSchema(context, table(args, op));
			case SCAN -> {
				TableRef table = table(args, op);
				yield handler.scan(context, new Requests.Scan(table, args.strings("columns"),
						Filters.parse(args.get("filters")), args.batchRows()));
			}
			case INSERT -> {
				TableRef table = table(args, op);
				yield handler.insert(context,
						new Requests.Insert(table, ArrowPayload.of(frame.body(), MALFORMED_INSERT)));
			}
			case EXEC -> handler.exec(context, sql(args, op));
			case QUERY -> handler.query(context, sql(args, op));
			case RPC_SCALAR, RPC_TABLE -> handler.rpc(context, rpc(args, op, frame.body()));
			case CREATE_TABLE -> handler.createTable(context, createTable(args));
			case ALTER_TABLE -> handler.alterTable(context, alterTable(args));
			case AGGREGATE -> handler.aggregate(context, aggregate(args));
			case CATALOG_INVALIDATED -> throw CatalogHandler.unsupported(context);
		};
	}

	private static TableRef table(Args args, Op op) {
		String schema = args.name("schema");
		String table = args.name("table");
		if (schema == null || table == null) {
			throw N6kException.invalidInput("n6k_server: " + op.wireName() + " requires \"schema\" and \"table\"");
		}
		return new TableRef(schema, table);
	}

	private static Requests.Sql sql(Args args, Op op) {
		String sql = args.name("sql");
		if (sql == null) {
			throw N6kException.invalidInput("n6k_server: " + op.wireName() + " requires a \"sql\" field");
		}
		return new Requests.Sql(sql, args.batchRows());
	}

	private static Requests.Rpc rpc(Args args, Op op, ByteBuffer body) {
		String function = args.name("function");
		if (function == null) {
			throw N6kException.invalidInput("n6k_server: " + op.wireName() + " requires a \"function\" field");
		}
		List<@Nullable Object> values = args.list("args");
		boolean table = op == Op.RPC_TABLE;
		ArrowPayload input = (table && body.hasRemaining()) ? ArrowPayload.of(body, MALFORMED_RPC_INPUT) : null;
		return new Requests.Rpc(function, (values != null) ? values : List.of(), table, input, args.batchRows());
	}

	private static Requests.CreateTable createTable(Args args) {
		String schema = args.name("schema");
		String name = args.name("name");
		List<@Nullable Object> columns = args.list("columns");
		if (schema == null || name == null || columns == null) {
			throw N6kException
				.invalidInput("n6k_server: OP_CREATE_TABLE requires \"schema\", \"name\", and \"columns\"");
		}
		List<ColumnDefinition> definitions = new ArrayList<>(columns.size());
		for (Object column : columns) {
			Map<?, ?> map = (column instanceof Map<?, ?> m) ? m : Map.of();
			String columnName = nonEmpty(map.get("name"));
			String type = nonEmpty(map.get("type"));
			if (columnName == null || type == null) {
				throw N6kException.invalidInput("n6k: each column requires \"name\" and \"type\"");
			}
			definitions.add(new ColumnDefinition(columnName, type));
		}
		return new Requests.CreateTable(schema, name, definitions);
	}

	private static Requests.AlterTable alterTable(Args args) {
		String schema = args.name("schema");
		String table = args.name("table");
		String kind = args.name("kind");
		if (schema == null || table == null || kind == null) {
			throw N6kException.invalidInput("n6k_server: OP_ALTER_TABLE requires \"schema\", \"table\", and \"kind\"");
		}
		Map<String, @Nullable Object> details = args.map("details");
		Map<String, @Nullable Object> d = (details != null) ? details : Map.of();
		AlterAction action = switch (kind) {
			case "add_column" -> {
				String name = nonEmpty(d.get("name"));
				String type = nonEmpty(d.get("type"));
				if (name == null || type == null) {
					throw N6kException.invalidInput("n6k: add_column requires \"name\" and \"type\"");
				}
				yield new AlterAction.AddColumn(new ColumnDefinition(name, type));
			}
			case "drop_column" -> {
				String name = nonEmpty(d.get("name"));
				if (name == null) {
					throw N6kException.invalidInput("n6k: drop_column requires \"name\"");
				}
				yield new AlterAction.DropColumn(name);
			}
			case "rename_column" -> {
				String oldName = nonEmpty(d.get("old_name"));
				String newName = nonEmpty(d.get("new_name"));
				if (oldName == null || newName == null) {
					throw N6kException.invalidInput("n6k: rename_column requires \"old_name\" and \"new_name\"");
				}
				yield new AlterAction.RenameColumn(oldName, newName);
			}
			default -> throw N6kException
				.invalidInput("n6k: unsupported alter kind '" + kind + "' (add_column, drop_column, rename_column)");
		};
		return new Requests.AlterTable(new TableRef(schema, table), action);
	}

	private static Requests.AggregateQuery aggregate(Args args) {
		TableRef table = table(args, Op.AGGREGATE);
		List<String> groupBy = args.strings("group_by");
		List<@Nullable Object> raw = args.list("aggregates");
		List<Aggregate> aggregates = new ArrayList<>();
		if (raw != null) {
			for (Object element : raw) {
				if (!(element instanceof Map<?, ?> map)) {
					throw N6kException.invalidInput("n6k: malformed aggregate");
				}
				String function = nonEmpty(map.get("fn"));
				if (function == null || !AGGREGATE_FUNCTIONS.contains(function)) {
					throw N6kException.invalidInput(
							"n6k: unsupported aggregate function '" + ((function != null) ? function : "?") + "'");
				}
				Object column = map.get("col");
				if (column != null && !(column instanceof String)) {
					throw N6kException.invalidInput("n6k: aggregate column must be a string");
				}
				if (column == null && !function.equals("count")) {
					throw N6kException.invalidInput("n6k: aggregate '" + function + "' requires a column");
				}
				aggregates.add(new Aggregate(function, (String) column));
			}
		}
		if (groupBy.isEmpty() && aggregates.isEmpty()) {
			throw N6kException.invalidInput("n6k: aggregate request has no group keys and no aggregates");
		}
		return new Requests.AggregateQuery(table, groupBy, aggregates, Filters.parse(args.get("filters")),
				args.batchRows());
	}

	private static @Nullable String nonEmpty(@Nullable Object value) {
		return (value instanceof String s && !s.isEmpty()) ? s : null;
	}

}
