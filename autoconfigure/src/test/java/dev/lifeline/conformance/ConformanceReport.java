/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Collects the outcome of every case on one container and writes
 * {@code docs/conformance.md} from the outcomes of every container that ran so far (kept
 * as one tab-separated file per container under {@code target/conformance}).
 */
final class ConformanceReport {

	private static final String NOTES = "conformance-notes.md";

	private final String container;

	private final Map<String, String[]> rows = new LinkedHashMap<>();

	ConformanceReport(String container) {
		this.container = container;
	}

	synchronized void record(String caseName, String expected, String observed) {
		this.rows.put(caseName, new String[] { caseName, expected, observed });
	}

	/**
	 * Write this container's outcomes and regenerate the document.
	 * @param moduleDir the module's base directory, whose parent holds {@code docs/}
	 */
	synchronized void write(Path moduleDir) throws IOException {
		Path results = moduleDir.resolve("target/conformance");
		Files.createDirectories(results);
		List<String> lines = this.rows.values()
			.stream()
			.sorted(Comparator.comparing((String[] row) -> caseNumber(row[0]), Arrays::compare))
			.map((row) -> String.join("\t", row))
			.toList();
		Files.write(results.resolve(this.container + ".tsv"), lines, StandardCharsets.UTF_8);
		Path docs = moduleDir.toAbsolutePath().getParent().resolve("docs");
		if (Files.isDirectory(docs)) {
			Files.writeString(docs.resolve("conformance.md"), render(results), StandardCharsets.UTF_8);
		}
	}

	private static String render(Path results) throws IOException {
		Map<String, Map<String, String[]>> byContainer = new TreeMap<>(
				Comparator.comparing((String name) -> !name.equals("Tomcat")).thenComparing(Comparator.naturalOrder()));
		try (Stream<Path> files = Files.list(results)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".tsv")).sorted().toList()) {
				Map<String, String[]> rows = new LinkedHashMap<>();
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					String[] row = line.split("\t", -1);
					rows.put(row[0], row);
				}
				byContainer.put(file.getFileName().toString().replace(".tsv", ""), rows);
			}
		}
		List<String> containers = new ArrayList<>(byContainer.keySet());
		Map<String, String> expected = new LinkedHashMap<>();
		byContainer.values().forEach((rows) -> rows.values().forEach((row) -> expected.putIfAbsent(row[0], row[1])));
		StringBuilder table = new StringBuilder("| Case | Expected |");
		containers.forEach((container) -> table.append(" Observed on ").append(container).append(" |"));
		table.append("\n|---|---|").append("---|".repeat(containers.size())).append('\n');
		expected.forEach((caseName, expectation) -> {
			table.append("| ").append(escape(caseName)).append(" | ").append(escape(expectation)).append(" |");
			for (String container : containers) {
				String[] row = byContainer.get(container).get(caseName);
				String observed = (row != null) ? row[2] : "not run";
				boolean conforms = row != null && List.of(expectation.split(" or ")).contains(observed);
				table.append(' ').append(escape(observed)).append(conforms ? "" : " **(differs)**").append(" |");
			}
			table.append('\n');
		});
		return notes() + "\n## Results\n\n" + table;
	}

	private static int[] caseNumber(String caseName) {
		return Arrays.stream(caseName.substring(0, caseName.indexOf(' ')).split("\\."))
			.mapToInt(Integer::parseInt)
			.toArray();
	}

	private static String notes() throws IOException {
		try (InputStream in = ConformanceReport.class.getResourceAsStream(NOTES)) {
			return (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
		}
	}

	private static String escape(String text) {
		return text.replace("|", "\\|");
	}

}
