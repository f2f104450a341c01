//! Merges the small wasm files of the split browser bundle.
//!
//! Why: `cargo leptos build --split` (Leptos's wasm-split) cuts the bundle into
//! one file per lazy route plus one "chunk" for each set of routes that share
//! code: 516 chunks for our 44 routes, 118 of them empty and most under 1 KB,
//! so a settings page fetched and instantiated about 150 files. In Chromium
//! each costs about 5 ms (the Partner profile took 0.8–1 s to hydrate, the
//! home page with 15 files 0.2 s), and Lighthouse counts the requests against
//! the page. wasm-split has no option to make fewer chunks and binaryen's
//! `wasm-merge` ships neither in npm's `binaryen` nor in the `wasm-opt` crate,
//! so this tool does it, with the Bytecode Alliance's wasmparser and
//! wasm-encoder doing the parsing and the re-encoding.
//!
//! What it does to `<site>/pkg` after the build and before wasm-opt
//! (scripts/build-release.sh then optimises every file and compresses again
//! what changed):
//! 0. with `--linked <the linker's output>`: moves the read-only data that
//!    only chunks use from the main module into those chunks (`data.rs`);
//! 1. drops the chunks that do nothing when instantiated (no element segment,
//!    no data, no start function or export: code nothing can reach);
//! 2. merges chunks whose sets of routes are alike, cheapest first, as long
//!    as no route's chunks grow by more than `--growth` percent (default 25):
//!    a merged chunk is loaded by every route that needs any part of it;
//! 3. rewrites the loader (`__wasm_split.*.js`) and the manifest
//!    (`__wasm_split_manifest.json`, read by the server for its preload links)
//!    to name the merged files.
//!
//! A chunk only imports the main module's memory, function table and stack
//! pointer, fills table slots with its functions (active element segments)
//! and, after step 0, writes read-only data at fixed addresses (active data
//! segments); chunks never call each other directly. So merging is putting
//! their types, imports (shared), functions, element and data segments in one
//! module, renumbering the indices. Anything else in a chunk stops the tool
//! (the build fails rather than ship a bundle it does not understand), and
//! every merged module is validated.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

mod data;

use wasm_encoder::reencode::{Error as ReencodeError, Reencode};
use wasmparser::{Parser, Payload, TypeRef};

type Result<T> = std::result::Result<T, String>;

const MARKER: &str = "/* chunks merged by scripts/merge-wasm-chunks */";

fn main() {
    if let Err(e) = run() {
        eprintln!("merge-wasm-chunks: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut pkg = None;
    let mut growth = 25.0_f64;
    let mut linked = None;
    while let Some(arg) = args.next() {
        if arg == "--linked" {
            linked = Some(PathBuf::from(args.next().ok_or("--linked takes a file")?));
        } else if arg == "--growth" {
            growth = args
                .next()
                .and_then(|g| g.parse().ok())
                .ok_or("--growth takes a percentage")?;
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}"));
        } else {
            pkg = Some(PathBuf::from(arg));
        }
    }
    let pkg = pkg.ok_or(
        "usage: merge-wasm-chunks [--linked LINKER_OUTPUT.wasm] [--growth PERCENT] <site>/pkg",
    )?;

    let manifest_path = pkg.join("__wasm_split_manifest.json");
    let loader_path = find_loader(&pkg)?;
    let loader = read_text(&loader_path)?;
    if loader.starts_with(MARKER) {
        println!("merge-wasm-chunks: {} is merged already", pkg.display());
        return Ok(());
    }
    let manifest: BTreeMap<String, Vec<String>> = serde_json::from_str(&read_text(&manifest_path)?)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;

    // The chunks, each with the routes that load it and its size.
    if manifest.len() > 128 {
        return Err(format!(
            "{} routes: at most 128 are supported",
            manifest.len()
        ));
    }
    let mut chunks: BTreeMap<&str, Chunk> = BTreeMap::new();
    for (r, files) in manifest.values().enumerate() {
        for file in files.iter().filter(|f| f.starts_with("chunk_")) {
            if !chunks.contains_key(file.as_str()) {
                let bytes = read(&pkg.join(format!("{file}.wasm")))?;
                let inert = is_inert(&bytes).map_err(|e| format!("{file}.wasm: {e}"))?;
                chunks.insert(
                    file,
                    Chunk {
                        routes: 0,
                        bytes,
                        inert,
                    },
                );
            }
            if let Some(chunk) = chunks.get_mut(file.as_str()) {
                chunk.routes |= 1 << r;
            }
        }
    }

    // Step 0: the read-only data only chunks use goes to them.
    // Besides the chunks: the main module and each route's own file.
    let mut rewritten: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(linked) = &linked {
        let main_path = find_main(&pkg)?;
        let mut all: BTreeMap<String, Vec<u8>> = chunks
            .iter()
            .map(|(name, c)| (name.to_string(), c.bytes.clone()))
            .collect();
        for route in manifest.keys() {
            let name = format!("split_{route}");
            all.insert(name.clone(), read(&pkg.join(format!("{name}.wasm")))?);
        }
        let moved = data::move_data(&read(linked)?, &read(&main_path)?, &all)
            .map_err(|e| format!("moving data: {e}"))?;
        for (name, bytes) in moved.chunks {
            match chunks.get_mut(name.as_str()) {
                Some(chunk) => {
                    chunk.inert = is_inert(&bytes)?;
                    chunk.bytes = bytes;
                }
                None => rewritten.push((pkg.join(format!("{name}.wasm")), bytes)),
            }
        }
        println!(
            "merge-wasm-chunks: {} bytes of read-only data moved from the main module to the chunks using them \
             ({} bytes of other data wasm-split had put in chunks stay there)",
            moved.bytes, moved.split_bytes
        );
        rewritten.push((main_path, moved.main));
    }

    // What each route loads today, in bytes (the growth budget's base).
    let base: Vec<u64> = (0..manifest.len())
        .map(|r| {
            chunks
                .values()
                .filter(|c| c.routes >> r & 1 == 1)
                .map(|c| c.len())
                .sum()
        })
        .collect();
    let groups = plan(
        chunks
            .iter()
            .filter(|(_, c)| !c.inert)
            .map(|(name, c)| (*name, c.routes, c.len())),
        &base,
        growth / 100.0,
    );

    // Everything is worked out before anything is written, so a failure
    // in working out leaves the build's output as it was (a failed write can
    // leave it half done: build again). Merged chunks are named after their
    // first member; `renamed` maps every old chunk to the file that now holds
    // it (None: dropped, it was inert).
    let mut renamed: HashMap<&str, Option<&str>> =
        chunks.keys().map(|name| (*name, None)).collect();
    let mut merged = Vec::new();
    for group in &groups {
        let lead = group[0];
        if group.len() == 1 && linked.is_some() {
            // Rewritten by step 0.
            merged.push((lead, chunks[lead].bytes.clone()));
        } else if group.len() > 1 {
            let modules: Vec<&[u8]> = group.iter().map(|n| chunks[n].bytes.as_slice()).collect();
            let bytes =
                merge(&modules).map_err(|e| format!("merging {}: {e}", group.join(", ")))?;
            merged.push((lead, bytes));
        }
        for name in group {
            renamed.insert(name, Some(lead));
        }
    }
    let new_manifest: BTreeMap<&String, Vec<&str>> = manifest
        .iter()
        .map(|(route, files)| {
            (
                route,
                rename_list(files.iter().map(String::as_str), &renamed),
            )
        })
        .collect();
    let json = serde_json::to_string_pretty(&new_manifest).map_err(|e| e.to_string())?;
    let new_loader = rewrite_loader(&loader, &renamed)?;

    // Each file written loses its compressed copies (the server would send
    // those first); scripts/build-release.sh compresses it again.
    let mut outputs: Vec<(PathBuf, &[u8])> = merged
        .iter()
        .map(|(lead, bytes)| (pkg.join(format!("{lead}.wasm")), bytes.as_slice()))
        .collect();
    outputs.extend(
        rewritten
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.as_slice())),
    );
    outputs.push((manifest_path.clone(), json.as_bytes()));
    // The loader last: its marker says the rest is done.
    outputs.push((loader_path.clone(), new_loader.as_bytes()));
    for (path, bytes) in &outputs {
        for ext in ["br", "gz"] {
            remove_if_there(&PathBuf::from(format!("{}.{ext}", path.display())))?;
        }
        write(path, bytes)?;
    }
    for (name, to) in &renamed {
        if *to != Some(*name) {
            for ext in ["wasm", "wasm.br", "wasm.gz"] {
                remove_if_there(&pkg.join(format!("{name}.{ext}")))?;
            }
        }
    }

    println!(
        "merge-wasm-chunks: {} chunks ({} inert, dropped) into {}; files per route: median {}, most {} (was {} and {})",
        chunks.len(),
        chunks.values().filter(|c| c.inert).count(),
        groups.len(),
        median(new_manifest.values().map(Vec::len)),
        new_manifest.values().map(Vec::len).max().unwrap_or(0),
        median(manifest.values().map(Vec::len)),
        manifest.values().map(Vec::len).max().unwrap_or(0),
    );
    Ok(())
}

struct Chunk {
    /// Bit r: route r (the manifest's order) loads this chunk.
    routes: u128,
    bytes: Vec<u8>,
    /// Instantiating it changes nothing: no element segment, data or start.
    inert: bool,
}

impl Chunk {
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }
}

fn median(values: impl Iterator<Item = usize>) -> usize {
    let mut v: Vec<usize> = values.collect();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// Groups the chunks: starting from one group per chunk, merges the two groups
/// whose merge adds the fewest bytes to the routes' downloads (a route that
/// loads one group now loads the other's bytes too), as long as no route's
/// added bytes exceed `growth` times what it loaded before. Returns the
/// groups' member names, each group in chunk order.
fn plan<'a>(
    chunks: impl Iterator<Item = (&'a str, u128, u64)>,
    base: &[u64],
    growth: f64,
) -> Vec<Vec<&'a str>> {
    struct Group<'a> {
        routes: u128,
        size: u64,
        members: Vec<&'a str>,
    }
    let mut groups: Vec<Group> = chunks
        .map(|(name, routes, size)| Group {
            routes,
            size,
            members: vec![name],
        })
        .collect();
    let allowance: Vec<u64> = base.iter().map(|b| (*b as f64 * growth) as u64).collect();
    let mut added = vec![0u64; base.len()];
    let fits = |added: &[u64], routes: u128, size: u64| {
        (0..base.len()).all(|r| routes >> r & 1 == 0 || added[r] + size <= allowance[r])
    };
    loop {
        let mut best: Option<(u64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (&groups[i], &groups[j]);
                let only_b = b.routes & !a.routes;
                let only_a = a.routes & !b.routes;
                let cost = a.size * u64::from(only_b.count_ones())
                    + b.size * u64::from(only_a.count_ones());
                if best.is_some_and(|(c, _, _)| cost >= c) {
                    continue;
                }
                if fits(&added, only_b, a.size) && fits(&added, only_a, b.size) {
                    best = Some((cost, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let b = groups.remove(j);
        let a = &mut groups[i];
        for (r, added) in added.iter_mut().enumerate() {
            if (b.routes & !a.routes) >> r & 1 == 1 {
                *added += a.size;
            }
            if (a.routes & !b.routes) >> r & 1 == 1 {
                *added += b.size;
            }
        }
        a.routes |= b.routes;
        a.size += b.size;
        a.members.extend(b.members);
    }
    let mut out: Vec<Vec<&str>> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_by_key(|n| chunk_number(n));
            g.members
        })
        .collect();
    out.sort_by_key(|g| chunk_number(g[0]));
    out
}

fn chunk_number(name: &str) -> u64 {
    name.trim_start_matches("chunk_")
        .parse()
        .unwrap_or(u64::MAX)
}

/// The list with each chunk renamed to the file holding it now, dropped ones
/// left out, each file once, in the order first named.
fn rename_list<'a>(
    files: impl Iterator<Item = &'a str>,
    renamed: &HashMap<&str, Option<&'a str>>,
) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    files
        .filter_map(|f| match renamed.get(f) {
            Some(to) => *to,
            None => Some(f),
        })
        .filter(|f| seen.insert(*f))
        .collect()
}

/// The loader defines `const __chunk_N = makeLoad(…, [deps]);` per chunk and
/// one `export const __wasm_split_load_… = wrapAsyncCb(makeLoad(…, [deps]));`
/// per route, each preceded by a comment naming the routes. Keeps the
/// definitions of the files that remain, renames the dependency lists, and
/// drops the comments (a third of a megabyte of route names).
fn rewrite_loader(loader: &str, renamed: &HashMap<&str, Option<&str>>) -> Result<String> {
    let mut out = String::with_capacity(loader.len() / 2);
    out.push_str(MARKER);
    out.push('\n');
    let mut skipping = false;
    let mut defined = HashSet::new();
    let mut used = HashSet::new();
    for line in loader.lines() {
        if let Some(rest) = line.strip_prefix("const __chunk_") {
            let name = format!("chunk_{}", rest.split(' ').next().unwrap_or_default());
            let keep = renamed.get(name.as_str()) == Some(&Some(name.as_str()));
            skipping = !keep;
            if keep {
                defined.insert(name);
            }
        }
        let list_line = line.starts_with(", [") && line.ends_with(");");
        // A chunk's own dependencies (none from wasm-split today) would have
        // to be merged with its group's; refuse rather than drop them.
        if list_line && line != ", []);" && !line.ends_with("]));") {
            return Err(format!("a chunk with dependencies of its own: {line}"));
        }
        if skipping {
            if list_line {
                skipping = false;
            }
            continue;
        }
        if line.starts_with("/*") && line.ends_with("*/") {
            continue;
        }
        if list_line {
            let open = line.find('[').unwrap_or(0);
            let close = line.rfind(']').unwrap_or(line.len());
            let deps = line[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| d.trim_start_matches("__"))
                .collect::<Vec<_>>();
            let deps = rename_list(deps.into_iter(), renamed);
            used.extend(deps.iter().map(|d| d.to_string()));
            let list = deps
                .iter()
                .map(|d| format!("__{d}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "{}[{list}]{}\n",
                &line[..open],
                &line[close + 1..]
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(missing) = used.iter().find(|d| !defined.contains(*d)) {
        return Err(format!(
            "the loader would use {missing}, which it no longer defines"
        ));
    }
    Ok(out)
}

/// Whether instantiating the module has no effect at all; errors on anything
/// a chunk is not expected to hold.
fn is_inert(bytes: &[u8]) -> Result<bool> {
    let mut inert = true;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ElementSection(s) if s.count() > 0 => inert = false,
            Payload::DataSection(s) if s.count() > 0 => inert = false,
            Payload::StartSection { .. } => inert = false,
            Payload::ExportSection(s) if s.count() > 0 => inert = false,
            _ => {}
        }
    }
    Ok(inert)
}

/// One module doing what the given modules did together.
fn merge(modules: &[&[u8]]) -> Result<Vec<u8>> {
    // Pass 1: the types and imports of all, shared where equal.
    let mut types = MergedTypes::default();
    let mut imports = MergedImports::default();
    let mut maps: Vec<Renumber> = Vec::new();
    // The table slots each module's active segments fill: (start, end, module).
    let mut slots: Vec<(u32, u32, usize)> = Vec::new();
    // Read-only data written at instantiation (step 0): (address, bytes).
    let mut data = wasm_encoder::DataSection::new();
    for bytes in modules {
        let mut map = Renumber::default();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(|e| e.to_string())? {
                Payload::TypeSection(section) => {
                    for group in section {
                        for sub in group.map_err(|e| e.to_string())?.types() {
                            map.types.push(types.add(sub)?);
                        }
                    }
                }
                Payload::ImportSection(section) => {
                    for import in section.into_imports() {
                        let import = import.map_err(|e| e.to_string())?;
                        let ty = match import.ty {
                            TypeRef::Func(t) => TypeRef::Func(map.type_of(t)?),
                            other => other,
                        };
                        let kind = Kind::of(&ty)?;
                        map.imports[kind as usize].push(imports.add(
                            import.module,
                            import.name,
                            ty,
                        )?);
                    }
                }
                Payload::FunctionSection(section) => map.defined = section.count(),
                Payload::ElementSection(section) => {
                    map.elements = section.count();
                    for element in section {
                        let element = element.map_err(|e| e.to_string())?;
                        if let wasmparser::ElementKind::Active { offset_expr, .. } = element.kind {
                            let len = match &element.items {
                                wasmparser::ElementItems::Functions(f) => f.count(),
                                wasmparser::ElementItems::Expressions(_, e) => e.count(),
                            };
                            let start = constant_offset(&offset_expr)?;
                            slots.push((start, start + len, maps.len()));
                        }
                    }
                }
                Payload::DataSection(section) => {
                    for segment in section {
                        let segment = segment.map_err(|e| e.to_string())?;
                        match segment.kind {
                            wasmparser::DataKind::Active {
                                memory_index: 0,
                                offset_expr,
                            } => {
                                let address = constant_offset(&offset_expr)?;
                                data.active(
                                    0,
                                    &wasm_encoder::ConstExpr::i32_const(address as i32),
                                    segment.data.iter().copied(),
                                );
                            }
                            _ => return Err("a chunk's data segment is not active".into()),
                        }
                    }
                }
                // An empty export section (wasm-split writes one) says nothing.
                Payload::ExportSection(s) if s.count() == 0 => {}
                // Chunks never use memory.init or data.drop (the renumbering
                // below refuses them), so the merged module needs no count.
                Payload::DataCountSection { .. }
                | Payload::Version { .. }
                | Payload::CodeSectionStart { .. }
                | Payload::CodeSectionEntry(_)
                | Payload::CustomSection(_)
                | Payload::End(_) => {}
                other => {
                    return Err(format!(
                        "a chunk holds a section this tool does not merge: {:?}",
                        section_name(&other)
                    ))
                }
            }
        }
        maps.push(map);
    }

    // Separate modules filled the table in the order they were loaded, the
    // merged one fills it in chunk order: the same only if no two chunks
    // fill the same slot.
    slots.sort_unstable();
    if let Some(w) = slots
        .windows(2)
        .find(|w| w[1].0 < w[0].1 && w[0].2 != w[1].2)
    {
        return Err(format!(
            "two chunks fill the same table slots ({}..{})",
            w[1].0, w[0].1
        ));
    }
    // Function indices: the imported functions, then each module's own;
    // element segments: each module's in turn.
    let (mut next_function, mut next_element) = (imports.count(Kind::Func), 0);
    for map in &mut maps {
        (map.first_defined, map.first_element) = (next_function, next_element);
        next_function += map.defined;
        next_element += map.elements;
    }

    // Pass 2: functions, element segments and code, renumbered.
    let import_section = imports.section()?;
    let mut functions = wasm_encoder::FunctionSection::new();
    let mut elements = wasm_encoder::ElementSection::new();
    let mut code = wasm_encoder::CodeSection::new();
    for (bytes, map) in modules.iter().zip(maps.iter_mut()) {
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(|e| e.to_string())? {
                Payload::FunctionSection(section) => {
                    for ty in section {
                        functions.function(map.type_of(ty.map_err(|e| e.to_string())?)?);
                    }
                }
                Payload::ElementSection(section) => map
                    .parse_element_section(&mut elements, section)
                    .map_err(show)?,
                Payload::CodeSectionEntry(body) => {
                    map.parse_function_body(&mut code, body).map_err(show)?
                }
                _ => {}
            }
        }
    }

    let mut module = wasm_encoder::Module::new();
    module.section(&types.section);
    module.section(&import_section);
    module.section(&functions);
    module.section(&elements);
    module.section(&code);
    if !data.is_empty() {
        module.section(&data);
    }
    let bytes = module.finish();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(|e| format!("the merged module is not valid: {e}"))?;
    Ok(bytes)
}

/// The merged module's function types, each once.
#[derive(Default)]
struct MergedTypes {
    section: wasm_encoder::TypeSection,
    indices: HashMap<String, u32>,
}

impl MergedTypes {
    /// The merged index of a chunk's type.
    fn add(&mut self, sub: &wasmparser::SubType) -> Result<u32> {
        let wasmparser::CompositeInnerType::Func(f) = &sub.composite_type.inner else {
            return Err("a type that is not a function type".into());
        };
        let params = f
            .params()
            .iter()
            .map(|t| valtype(*t))
            .collect::<Result<Vec<_>>>()?;
        let results = f
            .results()
            .iter()
            .map(|t| valtype(*t))
            .collect::<Result<Vec<_>>>()?;
        let key = format!("{params:?} -> {results:?}");
        if let Some(index) = self.indices.get(&key) {
            return Ok(*index);
        }
        let index = self.indices.len() as u32;
        self.section.ty().function(params, results);
        self.indices.insert(key, index);
        Ok(index)
    }
}

/// The merged module's imports, each (module, name) once. Function imports'
/// types are already the merged module's.
#[derive(Default)]
struct MergedImports {
    list: Vec<(String, String, TypeRef)>,
}

impl MergedImports {
    /// The merged index of an import among those of its kind.
    fn add(&mut self, module: &str, name: &str, ty: TypeRef) -> Result<u32> {
        let kind = Kind::of(&ty)?;
        let at = self
            .list
            .iter()
            .position(|(m, n, t)| m == module && n == name && Kind::of(t).ok() == Some(kind));
        match at {
            Some(at) => {
                self.list[at].2 = widen(self.list[at].2, ty)?;
                Ok(Self::of_kind(&self.list[..at], kind))
            }
            None => {
                self.list.push((module.to_string(), name.to_string(), ty));
                Ok(self.count(kind) - 1)
            }
        }
    }

    fn of_kind(list: &[(String, String, TypeRef)], kind: Kind) -> u32 {
        list.iter()
            .filter(|(_, _, t)| Kind::of(t).ok() == Some(kind))
            .count() as u32
    }

    fn count(&self, kind: Kind) -> u32 {
        Self::of_kind(&self.list, kind)
    }

    fn section(&self) -> Result<wasm_encoder::ImportSection> {
        let mut section = wasm_encoder::ImportSection::new();
        let mut plain = wasm_encoder::reencode::RoundtripReencoder;
        for (module, name, ty) in &self.list {
            let ty = match ty {
                TypeRef::Func(t) => wasm_encoder::EntityType::Function(*t),
                other => plain.entity_type(*other).map_err(|e| e.to_string())?,
            };
            section.import(module, name, ty);
        }
        Ok(section)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Func = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}

impl Kind {
    fn of(ty: &TypeRef) -> Result<Kind> {
        Ok(match ty {
            TypeRef::Func(_) => Kind::Func,
            TypeRef::Table(_) => Kind::Table,
            TypeRef::Memory(_) => Kind::Memory,
            TypeRef::Global(_) => Kind::Global,
            other => return Err(format!("an import this tool does not merge: {other:?}")),
        })
    }
}

/// Two chunks importing the same table or memory may state different
/// minimum sizes (what they saw when split); the merged import states the
/// larger. Anything else must be the same.
fn widen(known: TypeRef, new: TypeRef) -> Result<TypeRef> {
    match (known, new) {
        (TypeRef::Table(mut a), TypeRef::Table(b)) if a.element_type == b.element_type => {
            a.initial = a.initial.max(b.initial);
            Ok(TypeRef::Table(a))
        }
        (TypeRef::Memory(mut a), TypeRef::Memory(b))
            if a.shared == b.shared && a.memory64 == b.memory64 =>
        {
            a.initial = a.initial.max(b.initial);
            Ok(TypeRef::Memory(a))
        }
        (a, b) if a == b => Ok(a),
        (a, b) => Err(format!("the same import with two types: {a:?} and {b:?}")),
    }
}

/// An active segment's offset: chunks use constants.
fn constant_offset(expr: &wasmparser::ConstExpr) -> Result<u32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read(), ops.read()) {
        (Ok(wasmparser::Operator::I32Const { value }), Ok(wasmparser::Operator::End)) => {
            u32::try_from(value).map_err(|_| format!("a negative table offset: {value}"))
        }
        _ => Err("an element segment whose offset is not a constant".into()),
    }
}

fn valtype(t: wasmparser::ValType) -> Result<wasm_encoder::ValType> {
    let mut plain = wasm_encoder::reencode::RoundtripReencoder;
    plain.val_type(t).map_err(|e| e.to_string())
}

fn section_name(p: &Payload) -> &'static str {
    match p {
        Payload::TableSection(_) => "table",
        Payload::MemorySection(_) => "memory",
        Payload::GlobalSection(_) => "global",
        Payload::ExportSection(_) => "export",
        Payload::StartSection { .. } => "start",
        Payload::DataSection(_) | Payload::DataCountSection { .. } => "data",
        Payload::TagSection(_) => "tag",
        _ => "other",
    }
}

fn show(e: ReencodeError<String>) -> String {
    match e {
        ReencodeError::UserError(s) => s,
        other => other.to_string(),
    }
}

/// One module's indices in the merged module.
#[derive(Default)]
struct Renumber {
    types: Vec<u32>,
    /// By kind (`Kind as usize`): the module's imports of that kind.
    imports: [Vec<u32>; 4],
    defined: u32,
    first_defined: u32,
    elements: u32,
    first_element: u32,
}

impl Renumber {
    fn type_of(&self, t: u32) -> Result<u32> {
        self.types
            .get(t as usize)
            .copied()
            .ok_or_else(|| format!("type {t} out of range"))
    }

    fn imported(&self, kind: Kind, i: u32) -> std::result::Result<u32, ReencodeError<String>> {
        self.imports[kind as usize]
            .get(i as usize)
            .copied()
            .ok_or_else(|| ReencodeError::UserError(format!("{kind:?} {i} is not imported")))
    }
}

impl Reencode for Renumber {
    type Error = String;

    fn type_index(&mut self, ty: u32) -> std::result::Result<u32, ReencodeError<String>> {
        self.type_of(ty).map_err(ReencodeError::UserError)
    }

    fn function_index(&mut self, func: u32) -> std::result::Result<u32, ReencodeError<String>> {
        let imported = self.imports[Kind::Func as usize].len() as u32;
        if func < imported {
            self.imported(Kind::Func, func)
        } else if func - imported < self.defined {
            Ok(self.first_defined + func - imported)
        } else {
            Err(ReencodeError::UserError(format!(
                "function {func} out of range"
            )))
        }
    }

    fn element_index(&mut self, element: u32) -> std::result::Result<u32, ReencodeError<String>> {
        if element < self.elements {
            Ok(self.first_element + element)
        } else {
            Err(ReencodeError::UserError(format!(
                "element segment {element} out of range"
            )))
        }
    }

    fn data_index(&mut self, data: u32) -> std::result::Result<u32, ReencodeError<String>> {
        Err(ReencodeError::UserError(format!(
            "data segment {data}: chunks have none"
        )))
    }

    fn global_index(&mut self, global: u32) -> std::result::Result<u32, ReencodeError<String>> {
        self.imported(Kind::Global, global)
    }

    fn table_index(&mut self, table: u32) -> std::result::Result<u32, ReencodeError<String>> {
        self.imported(Kind::Table, table)
    }

    fn memory_index(&mut self, memory: u32) -> std::result::Result<u32, ReencodeError<String>> {
        self.imported(Kind::Memory, memory)
    }
}

fn remove_if_there(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The main module: the one wasm file that is neither a chunk nor a route's.
fn find_main(pkg: &Path) -> Result<PathBuf> {
    let mut found = fs::read_dir(pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "wasm")
                && p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    !n.starts_with("chunk_") && !n.starts_with("split_")
                })
        });
    match (found.next(), found.next()) {
        (Some(main), None) => Ok(main),
        _ => Err(format!("{}: not exactly one main wasm file", pkg.display())),
    }
}

fn find_loader(pkg: &Path) -> Result<PathBuf> {
    let entries = fs::read_dir(pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("__wasm_split.") && n.ends_with(".js"))
        })
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "{}: expected one __wasm_split.*.js, found {n}",
            pkg.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_merges_within_each_routes_allowance() {
        // Routes 0 and 1 each load 1,000 bytes; 10 % lets each take 100 more.
        let chunks = [
            ("chunk_1", 0b01, 900),
            ("chunk_2", 0b11, 100),
            ("chunk_3", 0b10, 900),
        ];
        let groups = plan(chunks.into_iter(), &[1000, 1000], 0.10);
        // chunk_2 into chunk_1 would add 900 bytes to route 1: too many.
        assert_eq!(
            groups,
            vec![vec!["chunk_1"], vec!["chunk_2"], vec!["chunk_3"]]
        );
        let chunks = [
            ("chunk_1", 0b01, 900),
            ("chunk_2", 0b01, 50),
            ("chunk_3", 0b11, 50),
        ];
        let groups = plan(chunks.into_iter(), &[1000, 50], 1.0);
        // Same routes first (free), then chunk_3 costs route 1 950 bytes: over 50.
        assert_eq!(groups, vec![vec!["chunk_1", "chunk_2"], vec!["chunk_3"]]);
    }

    #[test]
    fn the_loader_keeps_the_files_that_remain() {
        let loader = "/* a, b */\nconst __chunk_1 = makeLoad(() => {\n    x\n}\n, []);\n/* b */\nconst __chunk_2 = makeLoad(() => {\n    y\n}\n, []);\nexport const __wasm_split_load_a = wrapAsyncCb(makeLoad(() => {\n    z\n}\n, [__chunk_1, __chunk_2]));\n";
        let renamed = HashMap::from([("chunk_1", Some("chunk_1")), ("chunk_2", Some("chunk_1"))]);
        let out = rewrite_loader(loader, &renamed).unwrap_or_default();
        assert!(out.contains("const __chunk_1"));
        assert!(!out.contains("const __chunk_2"));
        assert!(out.contains(", [__chunk_1]));"));
        assert!(!out.contains("/* b */"));
        let dropped = HashMap::from([("chunk_1", Some("chunk_1")), ("chunk_2", None)]);
        assert!(rewrite_loader(loader, &dropped)
            .unwrap_or_default()
            .contains(", [__chunk_1]));"));
    }

    /// A chunk as wasm-split makes them: the shared imports, `funcs`
    /// functions (the last calls the first directly), and one active segment
    /// putting them in the table from `slot`.
    fn chunk(funcs: u32, slot: i32) -> Vec<u8> {
        use wasm_encoder::*;
        let mut types = TypeSection::new();
        types.ty().function([], []);
        types.ty().function([ValType::I32], [ValType::I32]);
        let mut imports = ImportSection::new();
        imports.import(
            "__wasm_split",
            "memory",
            MemoryType {
                minimum: 20,
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: None,
            },
        );
        imports.import(
            "__wasm_split",
            "__indirect_function_table",
            TableType {
                element_type: RefType::FUNCREF,
                minimum: 16,
                maximum: None,
                table64: false,
                shared: false,
            },
        );
        imports.import(
            "__wasm_split",
            "__wasm_split_shared0",
            GlobalType {
                val_type: ValType::I32,
                mutable: true,
                shared: false,
            },
        );
        let mut functions = FunctionSection::new();
        let mut code = CodeSection::new();
        for i in 0..funcs {
            functions.function(1);
            let mut f = Function::new([]);
            f.instructions()
                .global_get(0)
                .local_get(0)
                .i32_add()
                .global_set(0);
            if i + 1 == funcs && funcs > 1 {
                f.instructions().local_get(0).call(0).drop();
            }
            f.instructions().local_get(0).end();
            code.function(&f);
        }
        let mut elements = ElementSection::new();
        let indices: Vec<u32> = (0..funcs).collect();
        elements.active(
            None,
            &ConstExpr::i32_const(slot),
            Elements::Functions(indices.into()),
        );
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&elements)
            .section(&code);
        module.finish()
    }

    #[test]
    fn merged_chunks_keep_their_functions_calls_and_table_slots() {
        let (a, b) = (chunk(1, 3), chunk(2, 4));
        let merged = merge(&[&a, &b]).expect("merges");
        let mut calls = Vec::new();
        let mut segments = Vec::new();
        let mut imports = 0;
        for payload in Parser::new(0).parse_all(&merged) {
            match payload.expect("parses") {
                Payload::ImportSection(s) => imports = s.into_imports().count(),
                Payload::ElementSection(s) => {
                    for e in s {
                        let e = e.expect("element");
                        let wasmparser::ElementKind::Active { offset_expr, .. } = e.kind else {
                            panic!("passive")
                        };
                        let wasmparser::ElementItems::Functions(f) = e.items else {
                            panic!("expressions")
                        };
                        let f: Vec<u32> = f.into_iter().map(|f| f.expect("index")).collect();
                        segments.push((constant_offset(&offset_expr).expect("constant"), f));
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    for op in body.get_operators_reader().expect("code") {
                        if let wasmparser::Operator::Call { function_index } = op.expect("op") {
                            calls.push(function_index);
                        }
                    }
                }
                _ => {}
            }
        }
        // One set of imports; a's function is 0, b's are 1 and 2 (2 calls 1).
        assert_eq!(imports, 3);
        assert_eq!(segments, vec![(3, vec![0]), (4, vec![1, 2])]);
        assert_eq!(calls, vec![1]);
    }

    #[test]
    fn chunks_filling_the_same_table_slot_are_not_merged() {
        let (a, b) = (chunk(2, 3), chunk(1, 4));
        assert!(merge(&[&a, &b]).is_err_and(|e| e.contains("same table slots")));
    }
}
