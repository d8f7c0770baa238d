package io.n6k.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Run in a JVM without the Arrow flag by {@link ArrowMemoryAccessTests}.
 */
public final class ArrowMemoryAccessProbe {

	private ArrowMemoryAccessProbe() {
	}

	public static void main(String[] args) {
		try {
			ArrowMemoryAccess.check();
			System.out.println("NO FAILURE");
		}
		catch (N6kConfigurationException ex) {
			FailureAnalysis analysis = new N6kConfigurationFailureAnalyzer().analyze(ex);
			System.out.println("DESCRIPTION: " + analysis.getDescription());
			System.out.println("ACTION: " + analysis.getAction());
		}
	}

}
