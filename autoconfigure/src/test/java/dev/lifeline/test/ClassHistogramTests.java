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

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The histogram reads the text of {@code GC.class_histogram}, whose class names may be
 * followed by a module, and compares two histograms class by class.
 */
class ClassHistogramTests {

	private static final String BEFORE = """
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         12345         987654  [B (java.base@17.0.9)
			   2:            40           1920  org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper
			   3:             7            168  org.apache.coyote.http11.upgrade.UpgradeInfo
			Total         12392         989742
			""";

	private static final String AFTER = """
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         12000         900000  [B (java.base@17.0.9)
			   2:            40           1920  org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper
			   3:           107           2568  org.apache.coyote.http11.upgrade.UpgradeInfo
			Total         12147         904488
			""";

	@Test
	void countsInstancesByClassName() {
		ClassHistogram histogram = ClassHistogram.parse(BEFORE);
		assertThat(histogram.count("[B")).isEqualTo(12345);
		assertThat(histogram.count("org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper")).isEqualTo(40);
		assertThat(histogram.count("dev.lifeline.server.engine.DefaultLifelineSession")).isZero();
	}

	@Test
	void growthIsCountedAgainstTheBaseline() {
		List<String> classes = List.of("org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper",
				"org.apache.coyote.http11.upgrade.UpgradeInfo");
		assertThat(ClassHistogram.parse(AFTER).growthSince(ClassHistogram.parse(BEFORE), classes))
			.containsExactly(entry(classes.get(0), 0L), entry(classes.get(1), 100L));
	}

	@Test
	void takesTheHistogramOfThisJvm() {
		assertThat(ClassHistogram.take().count(ClassHistogramTests.class.getName())).isOne();
	}

}
