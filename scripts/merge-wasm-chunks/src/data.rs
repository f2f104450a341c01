//! Moves the read-only data that only lazily loaded code uses out of the main
//! module, into the chunks that use it.
//!
//! Why: wasm-split moves functions into chunks but, for our bundle, leaves the
//! read-only data in the main module (it tries to repack each segment's data
//! by module and falls back to that when the repacked segment would be
//! longer; `.data`, small, is sometimes repacked), so every page
//! downloaded every page's strings, texts and vtables: 60 % of the main
//! module's 245 KB of data, 41 KB of its 303 KB brotli (December 2026). The
//! tool checks that the data is still where the linker put it, and stops
//! otherwise.
//!
//! How: the linker's output before wasm-bindgen (built with
//! `--emit-relocs`, as `--split` does) says which function and which data
//! refers to which data symbol (relocations) and where each symbol lies
//! (symbol table). The split files, not optimised yet, keep the linker's
//! function names, which say where each function went (optimising first
//! would inline and merge functions and hide many: 60 KB moved instead of
//! 106 KB). A read-only symbol moves when every function that refers to it,
//! directly or through other data, is in chunks and none is in the main
//! module; a function found nowhere (dropped, or renamed by wasm-bindgen)
//! counts as the main module's, and so does any address written as a
//! constant in the main module's code.
//! Each chunk then gets an active data segment writing those bytes at their
//! usual address when it is instantiated, which is before any of its
//! functions runs; a symbol used by two chunks is written by both (the same
//! bytes: read-only data never changes). The bytes are taken from the main
//! module as it is, not from the linker's output: wasm-split renumbers the
//! function table, and vtables hold table slots. Bytes that another, kept
//! symbol also covers (the linker merges equal strings) stay in the main
//! module.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use wasmparser::{
    DataKind, KnownCustom, Linking, Name, Parser, Payload, RelocationType, SymbolInfo, TypeRef,
};

use crate::Result;

/// The rewritten main module and chunks (every file loses its name section),
/// how many bytes left the main module, and how many wasm-split itself had
/// put in chunks (kept there).
pub struct Moved {
    pub main: Vec<u8>,
    pub chunks: BTreeMap<String, Vec<u8>>,
    pub bytes: usize,
    pub split_bytes: usize,
}

pub fn move_data(linked: &[u8], main: &[u8], chunks: &BTreeMap<String, Vec<u8>>) -> Result<Moved> {
    let linked = Linked::read(linked)?;
    let main_names: HashSet<String> = function_names(main)?.into_iter().collect();
    // Without names (wasm-opt without -g) nothing could be placed.
    if main_names.is_empty() {
        return Err(
            "the main module has no function names: optimised already (by cargo-leptos \
             without LEPTOS_WASM_OPT_FEATURES=-g, or by a run of scripts/build-release.sh that \
             stopped half-way: build the bundle again)"
                .into(),
        );
    }
    let mut in_chunks: HashMap<u32, usize> = HashMap::new();
    let mut chunk_functions: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (name, bytes) in chunks {
        let mut mine = Vec::new();
        for f in function_names(bytes)? {
            if let Some(&index) = linked.function_by_name.get(&f) {
                *in_chunks.entry(index).or_default() += 1;
                mine.push(index);
            }
        }
        chunk_functions.insert(name, mine);
    }

    // What the main module uses: the data of every function not known to be
    // in chunks alone, data nothing refers to, and all they refer to.
    let mut kept: HashSet<u32> = HashSet::new();
    for (function, symbols) in &linked.function_data {
        let in_main = in_chunks.get(function).is_none_or(|n| *n == 0)
            || linked
                .function_names
                .get(function)
                .is_none_or(|n| main_names.contains(n));
        if in_main {
            kept.extend(symbols);
        }
    }
    let referred: HashSet<u32> = linked
        .function_data
        .values()
        .chain(linked.data_data.values())
        .flatten()
        .copied()
        .collect();
    kept.extend(linked.data.keys().filter(|s| !referred.contains(s)));
    // A safety net for a kind of reference the relocations above miss: any
    // constant in the main module's code that points into a symbol keeps it.
    for value in constants(main)? {
        kept.extend(linked.holders(value));
    }
    let kept = linked.closure(kept);
    let rodata = linked.rodata.clone();
    let movable: HashSet<u32> = linked
        .data
        .iter()
        .filter(|(symbol, range)| {
            !kept.contains(symbol)
                && !range.is_empty()
                && rodata.start <= range.start
                && range.end <= rodata.end
        })
        .map(|(symbol, _)| *symbol)
        .collect();

    // The main module's memory image of the read-only data.
    let (main_segments, image_start) = memory_image(main)?;
    if image_start > rodata.start || image_start + (main_segments.len() as u32) < rodata.end {
        return Err("the main module's data does not cover the read-only data".into());
    }
    let byte_at = |address: u32| main_segments[(address - image_start) as usize];
    // The read-only data must be where the linker put it: equal bytes, but
    // for the words relocations fill (wasm-split renumbers table slots).
    for address in rodata.clone() {
        let at = (address - rodata.start) as usize;
        if !linked.relocated[at] && byte_at(address) != linked.rodata_bytes[at] {
            return Err(format!(
                "the main module's read-only data differs from the linker's at {address}: \
                 wasm-split moved it, or --linked is not this build's"
            ));
        }
    }
    // Bytes some kept symbol covers stay.
    let mut keep_byte = vec![false; (rodata.end - rodata.start) as usize];
    for symbol in linked.data.keys().filter(|s| !movable.contains(s)) {
        let range = &linked.data[symbol];
        let start = range.start.max(rodata.start);
        let end = range.end.min(rodata.end);
        for address in start..end {
            keep_byte[(address - rodata.start) as usize] = true;
        }
    }

    let mut split_bytes = 0;
    for (name, bytes) in chunks {
        split_bytes += check_chunk_data(name, bytes, &rodata)?;
    }
    let mut out_chunks = BTreeMap::new();
    // What some chunk receives: only that leaves the main module.
    let mut received: HashSet<u32> = HashSet::new();
    for (name, bytes) in chunks {
        let roots = chunk_functions[name.as_str()]
            .iter()
            .filter_map(|f| linked.function_data.get(f))
            .flatten()
            .copied()
            .collect();
        let mine: Vec<Range<u32>> = linked
            .closure(roots)
            .into_iter()
            .filter(|s| movable.contains(s))
            .map(|s| {
                received.insert(s);
                linked.data[&s].clone()
            })
            .collect();
        let segments: Vec<(u32, Vec<u8>)> = coalesce(mine)
            .into_iter()
            .map(|r| (r.start, r.clone().map(byte_at).collect()))
            .collect();
        out_chunks.insert(name.clone(), rewrite(bytes, Some(&segments), None)?);
    }

    let mut image = main_segments.clone();
    let mut moved = 0;
    for symbol in &received {
        for address in linked.data[symbol].clone() {
            if !keep_byte[(address - rodata.start) as usize] {
                let byte = &mut image[(address - image_start) as usize];
                if *byte != 0 {
                    moved += 1;
                }
                *byte = 0;
            }
        }
    }
    let main = rewrite(main, None, Some(&split_at_zeros(&image, image_start, 16)))?;
    Ok(Moved {
        main,
        chunks: out_chunks,
        bytes: moved,
        split_bytes,
    })
}

/// What the linker's output says about functions and data.
struct Linked {
    function_by_name: HashMap<String, u32>,
    function_names: HashMap<u32, String>,
    /// Data symbols: their addresses.
    data: HashMap<u32, Range<u32>>,
    /// The data symbols each function refers to.
    function_data: HashMap<u32, HashSet<u32>>,
    /// The data symbols each data symbol refers to.
    data_data: HashMap<u32, HashSet<u32>>,
    /// The read-only segment's addresses and bytes.
    rodata: Range<u32>,
    rodata_bytes: Vec<u8>,
    /// For each read-only byte: whether a relocation writes it.
    relocated: Vec<bool>,
    /// Data symbols (start, end, symbol) by start address.
    by_address: Vec<(u32, u32, u32)>,
    /// The largest symbol's size: how far back a holder can start.
    largest: u32,
}

impl Linked {
    fn read(bytes: &[u8]) -> Result<Linked> {
        let mut imported = 0;
        let mut code_start = 0;
        let mut bodies: Vec<(u64, u64)> = Vec::new();
        let mut data_start = 0;
        // Each segment: where its bytes are in the file, and its address.
        let mut segments: Vec<(Range<u64>, u32)> = Vec::new();
        let mut segment_names: Vec<String> = Vec::new();
        let mut symbols: Vec<Option<(u32, u32, u32)>> = Vec::new();
        let mut relocations: Vec<(String, Vec<Relocation>)> = Vec::new();
        let mut function_names = HashMap::new();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(|e| e.to_string())? {
                Payload::ImportSection(s) => {
                    for import in s.into_imports() {
                        if matches!(import.map_err(|e| e.to_string())?.ty, TypeRef::Func(_)) {
                            imported += 1;
                        }
                    }
                }
                Payload::CodeSectionStart {
                    unchecked_range, ..
                } => code_start = unchecked_range.start,
                Payload::CodeSectionEntry(body) => {
                    let r = body.range();
                    bodies.push((r.start, r.end));
                }
                Payload::DataSection(s) => {
                    data_start = s.range().start;
                    for data in s {
                        let data = data.map_err(|e| e.to_string())?;
                        let address = match data.kind {
                            DataKind::Active { offset_expr, .. } => {
                                crate::constant_offset(&offset_expr)?
                            }
                            DataKind::Passive => return Err("a passive data segment".into()),
                        };
                        let end = data.range.end;
                        segments.push((end - data.data.len() as u64..end, address));
                    }
                }
                Payload::CustomSection(c) => match c.as_known() {
                    KnownCustom::Name(names) => {
                        for name in names {
                            if let Name::Function(map) = name.map_err(|e| e.to_string())? {
                                for naming in map {
                                    let naming = naming.map_err(|e| e.to_string())?;
                                    function_names.insert(naming.index, naming.name.to_string());
                                }
                            }
                        }
                    }
                    KnownCustom::Linking(linking) => {
                        for sub in linking.subsections() {
                            match sub.map_err(|e| e.to_string())? {
                                Linking::SymbolTable(table) => {
                                    for symbol in table {
                                        symbols.push(match symbol.map_err(|e| e.to_string())? {
                                            SymbolInfo::Data {
                                                symbol: Some(d), ..
                                            } => Some((d.index, d.offset, d.size)),
                                            _ => None,
                                        });
                                    }
                                }
                                Linking::SegmentInfo(infos) => {
                                    for info in infos {
                                        let info = info.map_err(|e| e.to_string())?;
                                        segment_names.push(info.name.to_string());
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    KnownCustom::Reloc(reloc) => {
                        let mut entries = Vec::new();
                        for entry in reloc.entries() {
                            let e = entry.map_err(|e| e.to_string())?;
                            entries.push((e.ty, e.offset, e.index));
                        }
                        relocations.push((c.name().to_string(), entries));
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        if symbols.is_empty() || relocations.is_empty() {
            return Err("the linker's output has no symbol table or relocations".into());
        }
        let address_of = |symbol: u32| -> Option<Range<u32>> {
            let (segment, offset, size) = (*symbols.get(symbol as usize)?)?;
            let start = segments.get(segment as usize)?.1 + offset;
            Some(start..start + size)
        };
        let data: HashMap<u32, Range<u32>> = (0..symbols.len() as u32)
            .filter_map(|s| Some((s, address_of(s)?)))
            .collect();
        let (rodata_file, rodata) = segment_names
            .iter()
            .position(|n| n == ".rodata")
            .and_then(|i| segments.get(i))
            .map(|(r, address)| (r.clone(), *address..*address + (r.end - r.start) as u32))
            .ok_or("no .rodata segment")?;
        let rodata_bytes = bytes[rodata_file.start as usize..rodata_file.end as usize].to_vec();
        let mut relocated = vec![false; rodata_bytes.len()];

        let mut by_address: Vec<(u32, u32, u32)> =
            data.iter().map(|(s, r)| (r.start, r.end, *s)).collect();
        by_address.sort_unstable();
        let largest = by_address.iter().map(|(s, e, _)| e - s).max().unwrap_or(0);
        let partial = Linked {
            function_by_name: HashMap::new(),
            function_names: HashMap::new(),
            data: HashMap::new(),
            function_data: HashMap::new(),
            data_data: HashMap::new(),
            rodata: rodata.clone(),
            rodata_bytes: Vec::new(),
            relocated: Vec::new(),
            by_address,
            largest,
        };
        let mut function_data: HashMap<u32, HashSet<u32>> = HashMap::new();
        let mut data_data: HashMap<u32, HashSet<u32>> = HashMap::new();
        for (section, entries) in &relocations {
            for &(ty, offset, symbol) in entries {
                if section == "reloc.DATA" {
                    // The 4 bytes (I32 relocations: the only kind in data).
                    let at = data_start + u64::from(offset);
                    if let Some((r, address)) = segments.iter().find(|(r, _)| r.contains(&at)) {
                        let target = address + (at - r.start) as u32;
                        for a in target..target + 4 {
                            if rodata.contains(&a) {
                                relocated[(a - rodata.start) as usize] = true;
                            }
                        }
                    }
                }
                if !is_memory_address(ty) || !data.contains_key(&symbol) {
                    continue;
                }
                if section == "reloc.CODE" {
                    let at = code_start + u64::from(offset);
                    let i = bodies.partition_point(|(start, _)| *start <= at);
                    let function = i
                        .checked_sub(1)
                        .filter(|&i| at < bodies[i].1)
                        .ok_or("a relocation outside every function")?;
                    function_data
                        .entry(imported + function as u32)
                        .or_default()
                        .insert(symbol);
                } else if section == "reloc.DATA" {
                    let at = data_start + u64::from(offset);
                    let (bytes, address) = segments
                        .iter()
                        .find(|(r, _)| r.contains(&at))
                        .ok_or("a relocation outside every data segment")?;
                    let target = address + (at - bytes.start) as u32;
                    let holders = partial.holders(target);
                    if holders.is_empty() {
                        return Err("a data relocation outside every symbol".into());
                    }
                    for held in holders {
                        data_data.entry(held).or_default().insert(symbol);
                    }
                }
            }
        }
        let function_by_name = function_names
            .iter()
            .map(|(i, n)| (n.clone(), *i))
            .collect();
        Ok(Linked {
            function_by_name,
            function_names,
            data,
            function_data,
            data_data,
            rodata,
            rodata_bytes,
            relocated,
            by_address: partial.by_address,
            largest,
        })
    }

    /// Every non-empty data symbol covering the address (symbols can overlap:
    /// the linker merges equal strings).
    fn holders(&self, address: u32) -> Vec<u32> {
        let i = self
            .by_address
            .partition_point(|(start, _, _)| *start <= address);
        self.by_address[..i]
            .iter()
            .rev()
            .take_while(|(start, _, _)| address - start < self.largest)
            .filter(|(_, end, _)| address < *end)
            .map(|(_, _, s)| *s)
            .collect()
    }

    /// The symbols and all the data they refer to, transitively.
    fn closure(&self, mut set: HashSet<u32>) -> HashSet<u32> {
        let mut todo: Vec<u32> = set.iter().copied().collect();
        while let Some(s) = todo.pop() {
            for t in self.data_data.get(&s).into_iter().flatten() {
                if set.insert(*t) {
                    todo.push(*t);
                }
            }
        }
        set
    }
}

/// A relocation: its type, offset in its section, and symbol.
type Relocation = (RelocationType, u32, u32);

fn is_memory_address(ty: RelocationType) -> bool {
    use RelocationType::*;
    matches!(
        ty,
        MemoryAddrLeb
            | MemoryAddrSleb
            | MemoryAddrI32
            | MemoryAddrRelSleb
            | MemoryAddrLeb64
            | MemoryAddrSleb64
            | MemoryAddrI64
            | MemoryAddrRelSleb64
            | MemoryAddrTlsSleb
            | MemoryAddrLocrelI32
            | MemoryAddrTlsSleb64
    )
}

fn function_names(bytes: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CustomSection(c) = payload.map_err(|e| e.to_string())? {
            if let KnownCustom::Name(names) = c.as_known() {
                for name in names {
                    if let Name::Function(map) = name.map_err(|e| e.to_string())? {
                        for naming in map {
                            out.push(naming.map_err(|e| e.to_string())?.name.to_string());
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A chunk may hold data wasm-split put there: it repacks a segment into
/// the chunks that use it when the repacked segment is no longer than the
/// linker's (else all of it stays in the main module). `.data` got repacked
/// so after an unrelated change to the sign-out button (stop 41). Those bytes
/// are wasm-split's, at addresses it chose, and stay with their chunk. The
/// read-only data must not be among them: this tool moves that itself, from
/// where the linker put it. Returns how many bytes the chunk holds.
fn check_chunk_data(name: &str, bytes: &[u8], rodata: &Range<u32>) -> Result<usize> {
    let mut held = 0;
    for (address, data) in active_segments(bytes)? {
        let end = address + data.len() as u32;
        if !data.is_empty() && address < rodata.end && rodata.start < end {
            return Err(format!(
                "{name} holds read-only data already ({address}..{end}): wasm-split moved it"
            ));
        }
        held += data.len();
    }
    Ok(held)
}

/// Every `i32.const` in the module's code.
fn constants(bytes: &[u8]) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CodeSectionEntry(body) = payload.map_err(|e| e.to_string())? {
            let mut ops = body.get_operators_reader().map_err(|e| e.to_string())?;
            while !ops.eof() {
                if let wasmparser::Operator::I32Const { value } =
                    ops.read().map_err(|e| e.to_string())?
                {
                    out.push(value as u32);
                }
            }
        }
    }
    Ok(out)
}

/// The module's data segments, (address, bytes); all must be active, in
/// memory 0, at a constant address (what the linker and wasm-split write).
fn active_segments(bytes: &[u8]) -> Result<Vec<(u32, &[u8])>> {
    let mut segments = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::DataSection(s) = payload.map_err(|e| e.to_string())? {
            for data in s {
                let data = data.map_err(|e| e.to_string())?;
                match data.kind {
                    DataKind::Active {
                        memory_index: 0,
                        offset_expr,
                    } => segments.push((crate::constant_offset(&offset_expr)?, data.data)),
                    _ => return Err("a data segment that is not active".into()),
                }
            }
        }
    }
    Ok(segments)
}

/// The module's data as one image from its lowest address, and that address.
fn memory_image(bytes: &[u8]) -> Result<(Vec<u8>, u32)> {
    let segments = active_segments(bytes)?;
    let start = segments.iter().map(|s| s.0).min().ok_or("no data")?;
    let end = segments
        .iter()
        .map(|s| s.0 + s.1.len() as u32)
        .max()
        .ok_or("no data")?;
    let mut image = vec![0; (end - start) as usize];
    for (address, bytes) in segments {
        let at = (address - start) as usize;
        image[at..at + bytes.len()].copy_from_slice(bytes);
    }
    Ok((image, start))
}

/// Sorted, overlapping or touching ranges joined.
fn coalesce(mut ranges: Vec<Range<u32>>) -> Vec<Range<u32>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<u32>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Segments for an image, leaving out runs of at least `gap` zero bytes
/// (memory starts zeroed; a segment costs a few bytes of header).
fn split_at_zeros(image: &[u8], start: u32, gap: usize) -> Vec<(u32, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < image.len() {
        while i < image.len() && image[i] == 0 {
            i += 1;
        }
        if i == image.len() {
            break;
        }
        let from = i;
        let mut zeros = 0;
        while i < image.len() && zeros < gap {
            zeros = if image[i] == 0 { zeros + 1 } else { 0 };
            i += 1;
        }
        out.push((start + from as u32, image[from..i - zeros].to_vec()));
    }
    out
}

/// The module without its name section, with `add` appended to its data
/// segments or its data replaced by `replace`.
fn rewrite(
    bytes: &[u8],
    add: Option<&[(u32, Vec<u8>)]>,
    replace: Option<&[(u32, Vec<u8>)]>,
) -> Result<Vec<u8>> {
    let old = active_segments(bytes)?
        .into_iter()
        .map(|(address, data)| (address, data.to_vec()));
    // Empty segments (wasm-split leaves some) go.
    let segments: Vec<(u32, Vec<u8>)> = match (add, replace) {
        (_, Some(new)) => new.to_vec(),
        (Some(more), None) => old.chain(more.iter().cloned()).collect(),
        (None, None) => old.collect(),
    }
    .into_iter()
    .filter(|(_, bytes)| !bytes.is_empty())
    .collect();
    // wasm-split imports the memory into every chunk; should a module lack
    // it, its new segments need it (the loader gives every chunk the main
    // module's memory as `__wasm_split.memory`). A module without any import
    // section fails the validation below.
    let mut memory_imported = false;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(s) => {
                for import in s.into_imports() {
                    memory_imported |=
                        matches!(import.map_err(|e| e.to_string())?.ty, TypeRef::Memory(_));
                }
            }
            // The main module defines its memory.
            Payload::MemorySection(s) => memory_imported |= s.count() > 0,
            _ => {}
        }
    }
    let add_memory = !segments.is_empty() && !memory_imported;

    let mut data = wasm_encoder::DataSection::new();
    for (address, bytes) in &segments {
        data.active(
            0,
            &wasm_encoder::ConstExpr::i32_const(*address as i32),
            bytes.iter().copied(),
        );
    }

    let mut module = wasm_encoder::Module::new();
    // The data section goes after the code, before the custom sections that
    // follow it.
    let (mut code_seen, mut data_written) = (false, false);
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        match &payload {
            Payload::DataCountSection { .. } => {
                module.section(&wasm_encoder::DataCountSection {
                    count: segments.len() as u32,
                });
            }
            Payload::DataSection(_) => {
                module.section(&data);
                data_written = true;
            }
            Payload::CustomSection(c) => {
                if code_seen && !data_written && !segments.is_empty() {
                    module.section(&data);
                    data_written = true;
                }
                if c.name() != "name" {
                    module.section(&wasm_encoder::CustomSection {
                        name: c.name().into(),
                        data: c.data().into(),
                    });
                }
            }
            Payload::ImportSection(s) if add_memory => {
                use wasm_encoder::reencode::Reencode;
                let mut imports = wasm_encoder::ImportSection::new();
                wasm_encoder::reencode::RoundtripReencoder
                    .parse_import_section(&mut imports, s.clone())
                    .map_err(|e| e.to_string())?;
                imports.import(
                    "__wasm_split",
                    "memory",
                    wasm_encoder::MemoryType {
                        minimum: 0,
                        maximum: None,
                        memory64: false,
                        shared: false,
                        page_size_log2: None,
                    },
                );
                module.section(&imports);
            }
            Payload::CodeSectionEntry(_) | Payload::Version { .. } | Payload::End(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    code_seen |= matches!(other, Payload::CodeSectionStart { .. });
                    module.section(&wasm_encoder::RawSection {
                        id,
                        data: &bytes[range.start as usize..range.end as usize],
                    });
                }
            }
        }
    }
    if !data_written && !segments.is_empty() {
        module.section(&data);
    }
    let out = module.finish();
    wasmparser::Validator::new()
        .validate_all(&out)
        .map_err(|e| format!("a rewritten module is not valid: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_runs_of_the_gap_or_more_are_left_out() {
        let image = [0, 0, 1, 2, 0, 3, 0, 0, 0, 0, 4, 0, 0];
        assert_eq!(
            split_at_zeros(&image, 100, 3),
            vec![(102, vec![1, 2, 0, 3]), (110, vec![4])]
        );
        assert!(split_at_zeros(&[0, 0], 0, 1).is_empty());
    }

    /// A chunk importing only the function table (wasm-opt dropped its
    /// memory import) gets the memory import back with its data; the main
    /// module, defining its memory, does not get a second one.
    #[test]
    fn added_data_brings_its_memory_import() {
        use wasm_encoder::{
            EntityType, ImportSection, MemorySection, MemoryType, Module, RefType, TableType,
        };
        let mut imports = ImportSection::new();
        let table = TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: 1,
            maximum: None,
            shared: false,
        };
        imports.import(
            "__wasm_split",
            "__indirect_function_table",
            EntityType::Table(table),
        );
        let mut chunk = Module::new();
        chunk.section(&imports);
        let out = rewrite(&chunk.finish(), Some(&[(1024, b"abc".to_vec())]), None).unwrap();
        let mut memory_imports = 0;
        let mut segments = Vec::new();
        for payload in Parser::new(0).parse_all(&out) {
            match payload.unwrap() {
                Payload::ImportSection(s) => {
                    for import in s.into_imports() {
                        memory_imports += matches!(import.unwrap().ty, TypeRef::Memory(_)) as u32;
                    }
                }
                Payload::DataSection(s) => {
                    for d in s {
                        segments.push(d.unwrap().data.to_vec());
                    }
                }
                _ => {}
            }
        }
        assert_eq!((memory_imports, segments), (1, vec![b"abc".to_vec()]));

        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum: 17,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        let mut main = Module::new();
        main.section(&memories);
        // Valid only with one memory (rewrite validates what it makes).
        rewrite(&main.finish(), None, Some(&[(1024, b"abc".to_vec())])).unwrap();
    }

    /// Data wasm-split left in a chunk is accepted outside the read-only
    /// data and refused inside it.
    #[test]
    fn chunk_data_is_accepted_outside_the_read_only_data_only() {
        let chunk = |address: i32| {
            let mut data = wasm_encoder::DataSection::new();
            data.active(0, &wasm_encoder::ConstExpr::i32_const(address), *b"abcd");
            let mut module = wasm_encoder::Module::new();
            module.section(&data);
            module.finish()
        };
        let rodata = 1000..2000;
        assert!(check_chunk_data("c", &chunk(2000), &rodata).is_ok());
        assert!(check_chunk_data("c", &chunk(996), &rodata).is_ok());
        assert!(check_chunk_data("c", &chunk(997), &rodata).is_err());
        assert!(check_chunk_data("c", &chunk(1999), &rodata).is_err());
    }

    #[test]
    fn ranges_that_touch_or_overlap_are_joined() {
        assert_eq!(coalesce(vec![5..8, 1..3, 3..4, 7..10]), vec![1..4, 5..10]);
    }
}
