package io.n6k.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * Another process that holds a DuckDB file open (read-write, or read-only with
 * {@code ro}) until its standard input closes.
 */
public final class DuckDbFileHolder {

	private DuckDbFileHolder() {
	}

	public static void main(String[] args) throws Exception {
		Properties properties = new Properties();
		if (args.length > 1 && args[1].equals("ro")) {
			properties.setProperty("duckdb.read_only", "true");
		}
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0], properties)) {
			System.out.println("HOLDING");
			System.out.flush();
			while (System.in.read() >= 0) {
				// wait for the test to close stdin
			}
		}
	}

}
