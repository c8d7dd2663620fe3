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

package dev.lifeline.test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Writes the live heap of this JVM to {@code target/}, so that a test that found objects
 * left behind leaves what holds them for a heap analyzer to show.
 */
public final class HeapDump {

	private HeapDump() {
	}

	/**
	 * Write the live objects of this JVM to a new file under {@code target/heap-dumps}.
	 * @param name the start of the file's name
	 * @return the file written, or a sentence saying why none was
	 */
	public static String write(String name) {
		try {
			Path directory = Files.createDirectories(Path.of("target", "heap-dumps"));
			Path file = directory.resolve(name + "-" + System.currentTimeMillis() + ".hprof");
			ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
				.dumpHeap(file.toAbsolutePath().toString(), true);
			return file.toAbsolutePath().toString();
		}
		catch (IOException | RuntimeException ex) {
			return "not written (" + ex + ")";
		}
	}

}
