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

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The live instances of each class in this JVM, as {@code jcmd <pid> GC.class_histogram}
 * counts them: taken in-process through the {@code DiagnosticCommand} MBean, which runs a
 * full collection first, so only reachable objects are counted. Tests that check that a
 * finished connection leaves nothing behind compare two histograms, one taken before and
 * one after, by class name.
 */
public final class ClassHistogram {

	private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

	private final Map<String, Long> instances;

	private ClassHistogram(Map<String, Long> instances) {
		this.instances = instances;
	}

	/**
	 * Collect garbage and count the live instances of every class.
	 * @return the histogram
	 */
	public static ClassHistogram take() {
		try {
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			String text = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
					"gcClassHistogram", new Object[] { new String[0] }, new String[] { String[].class.getName() });
			return parse(text);
		}
		catch (JMException ex) {
			throw new IllegalStateException("Class histogram not available", ex);
		}
	}

	static ClassHistogram parse(String text) {
		Map<String, Long> instances = new HashMap<>();
		for (String line : text.split("\n")) {
			Matcher matcher = LINE.matcher(line);
			if (matcher.find()) {
				instances.merge(matcher.group(3), Long.parseLong(matcher.group(1)), Long::sum);
			}
		}
		return new ClassHistogram(instances);
	}

	/**
	 * Return the number of live instances of a class.
	 * @param className the binary name of the class, e.g. {@code a.b.Outer$Inner}
	 * @return the number of instances, {@code 0} if none or if the class is not loaded
	 */
	public long count(String className) {
		return this.instances.getOrDefault(className, 0L);
	}

	/**
	 * Return the number of live instances of each of the given classes.
	 * @param classNames the binary names of the classes
	 * @return the counts, in the order given
	 */
	public Map<String, Long> counts(Collection<String> classNames) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String className : classNames) {
			counts.put(className, count(className));
		}
		return counts;
	}

	/**
	 * Return how many more live instances of each of the given classes this histogram has
	 * than the baseline.
	 * @param baseline the histogram taken before
	 * @param classNames the binary names of the classes
	 * @return the differences, in the order given
	 */
	public Map<String, Long> growthSince(ClassHistogram baseline, Collection<String> classNames) {
		Map<String, Long> growth = new LinkedHashMap<>();
		for (String className : classNames) {
			growth.put(className, count(className) - baseline.count(className));
		}
		return growth;
	}

}
