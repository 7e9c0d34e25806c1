"""One pipeline for every input: sources feed documents to one step, an executor runs it.

Sources
    Where documents come from, and where a fixed document goes back to.
    A file or standard input (``textlint.runner``: discovery, the cache,
    bytes decoded, fixed files written atomically or handed back to stdout);
    the records of JSON Lines and Parquet files (:mod:`.records`: what a
    record is and how a fixed text is spliced back into its line;
    :mod:`.partitions`: files cut into partitions of records;
    :mod:`.jsonl`: the corpus run, writing outputs and tags in order).
    Every source names a document so that a finding leads back to it
    (``FILE``, or ``FILE:RECORD`` with the record number on each finding).

The step (:mod:`.step`)
    One check, fix or diff of one document's text, the same for every
    source: :func:`.step.lint_document`; and the map step of the
    cross-document rules, :func:`.step.summarize_document`, with its reduce,
    :func:`.step.merge_summaries`.

Executors (``textlint.executors``)
    This process, a pool of processes, or Dask: interchangeable, each
    mapping a task over units of work (a file, a partition of records) in
    order, and running the cross-document map and reduce steps.

Reporting
    Every source yields ``FileResult``s in order; the command line hands
    them to one reporter (``textlint.formats``) whatever they came from.
"""
