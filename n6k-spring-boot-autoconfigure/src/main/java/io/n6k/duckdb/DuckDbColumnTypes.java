package io.n6k.duckdb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a client-supplied column type before it is spliced into DDL: it must parse and
 * bind as the target of a bare cast, so no SQL can travel in it.
 *
 * @author n6k
 */
final class DuckDbColumnTypes {

	private DuckDbColumnTypes() {
	}

	/**
	 * Validate a client-supplied column type as a DuckDB type: it must bind as the target
	 * of a cast and nothing else, so no SQL can travel in it.
	 */
	static String checked(DuckDBConnection connection, String type) throws SQLException {
		String probe = "SELECT CAST(NULL AS " + type + ")";
		requireBareCast(connection, probe, type);
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_plan(?)")) {
			statement.setString(1, probe);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				String plan = rs.getString(1);
				JsonNode json = JsonMapper.shared().readTree(plan);
				if (json.path("error").asBoolean(false)) {
					String errorType = json.path("error_type").asString("");
					if (errorType.equals("parser")) {
						throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
					}
					throw new N6kException(DuckDbErrorTypes.forErrorType(errorType),
							json.path("error_message").asString(""));
				}
				JsonNode plans = json.path("plans");
				JsonNode root = plans.path(0);
				if (plans.size() != 1 || !root.path("type").asString("").equals("LOGICAL_PROJECTION")
						|| root.path("expressions").size() != 1 || root.path("children").size() != 1
						|| !root.path("children").path(0).path("type").asString("").equals("LOGICAL_DUMMY_SCAN")
						|| plan.contains("LOGICAL_GET") || plan.contains("BOUND_SUBQUERY")) {
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
			}
		}
		catch (JacksonException ex) {
			throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
		}
		return type;
	}

	/**
	 * Before the probe is bound, its parse tree (json_serialize_sql binds nothing) must
	 * be one cast of a constant and nothing else: binding a file reader smuggled into the
	 * type would already open the file. A probe that does not parse is left to the
	 * binder's error.
	 */
	private static void requireBareCast(DuckDBConnection connection, String probe, String type) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
			statement.setString(1, probe);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				String text = rs.getString(1);
				JsonNode tree = JsonMapper.shared().readTree(text);
				if (tree.path("error").asBoolean(false)) {
					if (tree.path("error_type").asString("").equals("parser")) {
						return;
					}
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
				JsonNode statements = tree.path("statements");
				JsonNode node = statements.path(0).path("node");
				JsonNode select = node.path("select_list");
				if (statements.size() != 1 || !node.path("type").asString("").equals("SELECT_NODE")
						|| select.size() != 1 || !select.path(0).path("class").asString("").equals("CAST")
						|| !select.path(0).path("child").path("class").asString("").equals("CONSTANT")
						|| !node.path("from_table").path("type").asString("").equals("EMPTY")
						|| node.path("cte_map").path("map").size() != 0 || text.contains("\"SUBQUERY\"")
						|| text.contains("\"TABLE_FUNCTION\"") || text.contains("\"BASE_TABLE\"")) {
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
			}
		}
		catch (JacksonException ex) {
			throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
		}
	}

}
