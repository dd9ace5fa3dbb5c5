// The core benchmark's workload as a plain program: one engine, one pass over the stream, every
// figure of README.md's table printed, and a run short enough for `valgrind --tool=callgrind`.
//
//     swift run -c release --package-path Benchmarks CoreProfile [--warmup 700] [--rounds 200] [--runs 3]
//
// Time: clock_gettime(CLOCK_MONOTONIC) around each chunk of 1 000 000 samples. Mallocs: the
// counters of ordo-one's malloc interposer (its shared library is linked ahead of libc, so it sees
// every malloc, calloc, realloc and free of the process), read before and after each chunk.

import HazmonCore
import MallocInterposerSwift
import SyntheticPlant

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Options {
    /// Longer than the engine's longest timer window (flood and chatter clearing: 600 s).
    var warmupRounds = 700
    /// One round is one sample from each tag (one simulated second).
    var timedRounds = 200
    var runs = 3
    var chunk = 1_000_000
    /// 100 for the SPEC's 100 000 tags.
    var enterprises = SyntheticPlant.provinceEnterprises
    /// Ring capacity of ROC/WINDOW tags; nil: the default (256).
    var windowSamples: Int?
    /// Print the size of every allocation made while the timed chunks run (harness included).
    var traceMallocs = false

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let flag = rest.popFirst() {
            switch flag {
            case "--trace-mallocs": traceMallocs = true
            case "--warmup", "--rounds", "--runs", "--chunk", "--enterprises", "--window-samples":
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                    fatalError("\(flag) needs a positive integer")
                }
                switch flag {
                case "--warmup": warmupRounds = value
                case "--rounds": timedRounds = value
                case "--runs": runs = value
                case "--enterprises": enterprises = value
                case "--window-samples": windowSamples = value
                default: chunk = value
                }
            default:
                fatalError(
                    "usage: CoreProfile [--warmup ROUNDS] [--rounds ROUNDS] [--runs N] [--chunk SAMPLES] "
                        + "[--enterprises N] [--window-samples N] [--trace-mallocs]")
            }
        }
    }
}

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return digits == 0 ? String(Int(rounded)) : String(rounded)
}

/// Net bytes the interposer saw allocated and not freed.
func liveBytes() -> Int {
    let stats = MallocInterposerSwift.getStatistics()
    return stats.mallocBytesCount - stats.freeBytesCount
}

// Allocation tracing: the hook runs inside malloc, so it only stores into preallocated memory.
nonisolated(unsafe) var traceSizes = UnsafeMutablePointer<Int>.allocate(capacity: 1_024)
nonisolated(unsafe) var traceCount = 0
let traceHook: MallocInterposerSwift.AllocationHook = { size in
    if traceCount < 1_024 { traceSizes[traceCount] = size }
    traceCount += 1
}

let options = Options(CommandLine.arguments.dropFirst())
MallocInterposerSwift.initialize()
MallocInterposerSwift.hook()

let plant = SyntheticPlant(enterprises: options.enterprises, windowSamples: options.windowSamples)
let model = plant.model
print(
    "model: \(model.tags.count) tags, \(model.votes.count) votes, \(model.enterprises.count) enterprises, "
        + "\(model.hazardSources.count) hazard sources")
for (tagClass, count) in plant.classCounts { print("  \(tagClass.rawValue): \(count) tags") }

// State per tag, measured: the engine's net heap bytes right after init (the model is shared, not copied).
let before = liveBytes()
let start = now()
var probe: AlarmEngine? = AlarmEngine(model: model)
let initNs = now() - start
let stateBytes = liveBytes() - before
print(
    "engine: \(probe!.alarmCount) alarms; init \(format(Double(initNs) / 1e6)) ms; state \(stateBytes) bytes = "
        + "\(format(Double(stateBytes) / Double(model.tags.count))) bytes/tag (heap, measured)")
probe = nil

var engineRates: [Double] = []
var baselineRates: [Double] = []
var totalMallocs = 0
var totalSamples = 0
var totals = CoreWorkload.Chunk()
var byCondition = [Int](repeating: 0, count: Condition.allCases.count)
for runIndex in 1...options.runs {
    var workload = CoreWorkload(plant: plant, warmupRounds: options.warmupRounds, timedRounds: options.timedRounds)
    let first = workload.cursor
    guard workload.remaining >= options.chunk else { fatalError("--rounds gives fewer samples than one --chunk") }
    var chunkRates: [Double] = []
    chunkRates.reserveCapacity(workload.remaining / options.chunk)  // no harness allocation between chunks
    var mallocs = 0
    var run = CoreWorkload.Chunk()
    if options.traceMallocs {
        traceCount = 0
        MallocInterposerSwift.setAllocationHook(traceHook)
    }
    while workload.remaining >= options.chunk {
        let mallocsBefore = MallocInterposerSwift.getStatistics().mallocCount
        let t0 = now()
        let chunk = workload.process(count: options.chunk)
        let t1 = now()
        mallocs += MallocInterposerSwift.getStatistics().mallocCount - mallocsBefore
        precondition(chunk.rejected == 0, "the synthetic stream has no late samples")
        run += chunk
        chunkRates.append(Double(chunk.processed) / (Double(t1 - t0) / 1e9))
    }
    if options.traceMallocs {
        MallocInterposerSwift.setAllocationHook(nil)
        for i in 0..<min(traceCount, 1_024) { print("  malloc #\(i + 1) in timed loop: \(traceSizes[i]) bytes") }
    }
    let timed = workload.cursor - first
    // The floor: the same samples, same order, only summed.
    var floorRates: [Double] = []
    var position = first
    var sink = 0.0
    while position + options.chunk <= workload.cursor {
        let t0 = now()
        sink += CoreWorkload.sumValues(of: workload.samples, from: position, count: options.chunk)
        let t1 = now()
        floorRates.append(Double(options.chunk) / (Double(t1 - t0) / 1e9))
        position += options.chunk
    }
    let rate = median(chunkRates)
    let floor = median(floorRates)
    engineRates.append(rate)
    baselineRates.append(floor)
    totalMallocs += mallocs
    totalSamples += timed
    totals += run
    for i in byCondition.indices { byCondition[i] += workload.eventsByCondition[i] }
    print(
        "run \(runIndex): warm-up \(workload.warmup.processed) samples, \(workload.warmup.events) events; "
            + "timed \(timed) samples in \(chunkRates.count) chunks; engine median \(format(rate / 1e6, 2)) M/s "
            + "(\(format(1e9 / rate)) ns/sample), best \(format(chunkRates.max()! / 1e6, 2)) M/s; "
            + "baseline median \(format(floor / 1e6)) M/s; mallocs \(mallocs); events \(run.events)"
            + (sink.isNaN ? " (nan)" : ""))
}

let rate = median(engineRates)
let floor = median(baselineRates)
let perSample = Double(totalMallocs) / Double(totalSamples)
let eventsPerMillion = Double(totals.events) / Double(totalSamples) * 1e6
print("summary (one core, median of \(options.runs) runs, each the median of its \(options.chunk)-sample chunks):")
print("  engine    \(format(rate / 1e6, 2)) M samples/s, \(format(1e9 / rate)) ns/sample")
print("  baseline  \(format(floor / 1e6)) M samples/s, \(format(1e9 / floor, 2)) ns/sample (sum of the same samples)")
print("  ratio     the engine takes \(format(floor / rate)) x the baseline's time")
print("  mallocs   \(totalMallocs) in \(totalSamples) timed samples (\(format(perSample, 6)) per sample)")
print(
    "  events    \(totals.events): \(format(eventsPerMillion, 0)) per M samples, "
        + "\(format(eventsPerMillion * rate / 1e6, 0)) per s at the median rate")
print(
    "            \(totals.activations) activate, \(totals.returns) return, \(totals.chatter) chatter, "
        + "\(totals.flood) flood start/end, \(totals.other) other")
print(
    "            by condition: "
        + zip(Condition.allCases, byCondition).filter { $0.1 > 0 }.map { "\($0.0.rawValue) \($0.1)" }
        .joined(separator: ", "))
