/*
 * A generated, realistic CSV for the probe's benchmark and its bounded-memory
 * test: 11 mixed columns (integers, Chinese names, money amounts, dates,
 * mobile numbers, 居民身份证号 with right check digits, region codes, 是/否,
 * e-mail, free text with quoted commas and quotes, datetimes), some empty
 * fields, written streaming until a size is reached. Deterministic. Also the
 * peak memory both programs report.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_PROBE_GEN_H
#define DS_PROBE_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static uint64_t gen_state = 0x9E3779B97F4A7C15ull;

static uint32_t gen_rand(void)
{
	/* xorshift64* */
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return (uint32_t)((gen_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static const char *const gen_surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙" };
static const char *const gen_given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊",   "军", "洋",
					 "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国" };
static const char *const gen_regions[] = { "370102", "370103", "370104", "370105", "370112", "370113",
					   "370114", "370115", "370116", "370117", "370124", "370126" };
static const char *const gen_notes[] = {
	"正常缴存", "补缴，2023年度",	    "\"\"单位名称\"\"变更",	    "按月缴存;已核对",
	"",	    "转入（异地转移接续）", "缴存基数调整，含\"\"引号\"\"", "住房公积金个人账户正常",
};

/* The 18-digit ID number for a region, birth date and sequence, with its GB 11643 check digit. */
static void gen_id_card(char out[19], const char *region, int y, int m, int d, int seq)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, i;

	snprintf(out, 19, "%s%04d%02d%02d%03d", region, y, m, d, seq % 1000);
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

/* Write rows to @f until at least @target bytes are written. Returns the number of data rows, or -1. */
static long long gen_csv(FILE *f, unsigned long long target)
{
	unsigned long long written;
	long long rows = 0;
	char line[512], id[19];
	int n;

	n = fprintf(f, "序号,姓名,缴存金额,缴存日期,手机号码,身份证号,行政区划,是否在职,电子邮箱,备注,更新时间\n");
	if (n < 0)
		return -1;
	written = (unsigned long long)n;
	while (written < target) {
		uint32_t r = gen_rand(), s = gen_rand();
		int y = 2015 + (int)(r % 10), m = 1 + (int)((r >> 4) % 12), d = 1 + (int)((r >> 8) % 28);
		const char *region = gen_regions[(r >> 12) % 12];
		const char *note = gen_notes[(s >> 3) % 8];
		int quoted = strchr(note, ',') || strchr(note, '"') || strchr(note, ';');

		rows++;
		gen_id_card(id, region, 1950 + (int)(s % 50), 1 + (int)((s >> 6) % 12), 1 + (int)((s >> 10) % 28),
			    (int)(rows % 1000));
		n = snprintf(
			line, sizeof line,
			"%lld,%s%s,%u.%02u,%04d-%02d-%02d,1%u%09u,%s,%s,%s,%s%.0lld%s,%s%s%s,%04d-%02d-%02d %02u:%02u:%02u\n",
			rows, gen_surnames[r % 12], gen_given[(r >> 5) % 20], (s >> 8) % 50000, s % 100, y, m, d,
			3 + (r >> 16) % 7, (s >> 2) % 1000000000u, (rows % 50 == 0) ? "" : id, region,
			(r >> 20) % 5 ? "是" : "否", (rows % 7 == 0) ? "" : "u", (rows % 7 == 0) ? 0LL : rows % 100000,
			(rows % 7 == 0) ? "" : "@example.com", quoted ? "\"" : "", note, quoted ? "\"" : "", y, m, d,
			(s >> 5) % 24, (s >> 11) % 60, (s >> 17) % 60);
		if (n < 0 || (size_t)n >= sizeof line || fwrite(line, 1, (size_t)n, f) != (size_t)n)
			return -1;
		written += (unsigned long long)n;
	}
	return rows;
}

/* Peak RSS of this program in KiB: VmHWM from /proc (getrusage's ru_maxrss
 * also counts the parent's memory at fork on Linux, which would charge a
 * Python parent's to the probe). */
static long gen_peak_kib(void)
{
	struct rusage ru;
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f) {
		while (fgets(line, sizeof line, f))
			if (strncmp(line, "VmHWM:", 6) == 0)
				kib = strtol(line + 6, NULL, 10);
		fclose(f);
	}
	if (kib >= 0)
		return kib;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

#endif
