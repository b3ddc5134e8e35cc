#!/usr/bin/env python3
"""Export BiomedCLIP's image tower and CheXpert prompt embeddings as a RadShift model bundle.

A RadShift model bundle is a directory read by io.radshift.inference.bundle.ModelBundle.load(Path):

    bundle.json        manifest (formatVersion 1, modelId, version, inputSize, inputChannels, mean, std,
                       embeddingDim, logitScale, labels, files, contentHash)
    encoder.onnx       image encoder, input "image" [N, 3, 224, 224] float32 (dynamic N),
                       output "embedding" [N, 512] float32, L2-normalised inside the graph
    encoder-fp16.onnx  optional half-precision variant with float32 inputs/outputs (keep_io_types)
    prompts.bin        raw little-endian float32 [labels][2][embeddingDim]: per label the positive
                       prompt embedding ("chest x-ray showing {label}") then the negative one
                       ("chest x-ray with no {label}"), each L2-normalised

contentHash = "sha256:" + hex(SHA-256 over, for each file in the order encoder, encoder fp16 (if
present), prompts: the UTF-8 file name, one 0x00 byte, the file size as an 8-byte big-endian integer,
then the file bytes). The Java loader recomputes it and refuses a bundle whose files do not match.

Scoring rule used by RadShift (CheXzero-style):
    score(label) = softmax(logitScale * [cos(e, pos), cos(e, neg)])[0]
with logitScale = model.logit_scale.exp() (the trained CLIP temperature).

Usage:
    python3 tools/export_biomedclip.py --out bundles/biomedclip
    python3 tools/export_biomedclip.py --out bundles/biomedclip --no-fp16 --device cuda
    python3 tools/export_biomedclip.py --out DIR --package-only --prompts-json prompts.json ...

Requirements for a full export (network access to the Hugging Face hub):
    pip install torch open_clip_torch transformers onnx onnxconverter-common onnxruntime numpy
--package-only needs numpy alone: it packages an encoder.onnx (and encoder-fp16.onnx) already in --out
with prompt embeddings from a JSON file, writing exactly the same layout and hash.
"""

import argparse
import hashlib
import inspect
import json
import os
import sys

DEFAULT_MODEL = "hf-hub:microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224"
CHEXPERT_LABELS = [
    "Atelectasis", "Cardiomegaly", "Consolidation", "Edema", "Enlarged Cardiomediastinum", "Fracture",
    "Lung Lesion", "Lung Opacity", "No Finding", "Pleural Effusion", "Pleural Other", "Pneumonia",
    "Pneumothorax", "Support Devices",
]
# OpenAI CLIP normalisation, which BiomedCLIP's preprocessing uses.
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
ENCODER = "encoder.onnx"
ENCODER_FP16 = "encoder-fp16.onnx"
PROMPTS = "prompts.bin"
FORMAT_VERSION = 1


def content_hash(bundle_dir, names):
    """The bundle content hash (see the module docstring); identical to io.radshift...BundleHash."""
    sha = hashlib.sha256()
    for name in names:
        path = os.path.join(bundle_dir, name)
        sha.update(name.encode("utf-8"))
        sha.update(b"\x00")
        sha.update(os.path.getsize(path).to_bytes(8, "big"))
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                sha.update(chunk)
    return "sha256:" + sha.hexdigest()


def prompt_texts(label, positive_template, negative_template):
    """Positive and negative prompt for one label; 'No Finding' gets wording that reads naturally."""
    if label == "No Finding":
        return "chest x-ray with no findings", "chest x-ray with findings"
    name = label.lower()
    return positive_template.format(label=name), negative_template.format(label=name)


def write_prompts(path, positive, negative):
    """Writes prompts.bin: float32 little-endian [labels][2][D], each vector L2-normalised first."""
    import numpy as np

    pos = np.asarray(positive, dtype=np.float64)
    neg = np.asarray(negative, dtype=np.float64)
    if pos.shape != neg.shape or pos.ndim != 2:
        raise ValueError(f"positive {pos.shape} and negative {neg.shape} must both be [labels, D]")
    pos /= np.linalg.norm(pos, axis=1, keepdims=True)
    neg /= np.linalg.norm(neg, axis=1, keepdims=True)
    np.stack([pos, neg], axis=1).astype("<f4").tofile(path)
    return pos.shape[1]


def write_bundle(out_dir, *, model_id, version, input_size, input_channels, mean, std, logit_scale,
                 labels, positive, negative, fp16):
    """Writes prompts.bin and bundle.json next to the encoder file(s) already in out_dir."""
    if len(labels) != len(positive):
        raise ValueError(f"{len(labels)} labels but {len(positive)} prompt embeddings")
    embedding_dim = write_prompts(os.path.join(out_dir, PROMPTS), positive, negative)
    files = {"encoder": ENCODER}
    hashed = [ENCODER]
    if fp16:
        files["encoderFp16"] = ENCODER_FP16
        hashed.append(ENCODER_FP16)
    files["prompts"] = PROMPTS
    hashed.append(PROMPTS)
    manifest = {
        "formatVersion": FORMAT_VERSION,
        "modelId": model_id,
        "version": version,
        "inputSize": int(input_size),
        "inputChannels": int(input_channels),
        "mean": [float(m) for m in mean],
        "std": [float(s) for s in std],
        "embeddingDim": int(embedding_dim),
        "logitScale": float(logit_scale),
        "labels": list(labels),
        "files": files,
        "contentHash": content_hash(out_dir, hashed),
    }
    with open(os.path.join(out_dir, "bundle.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def export_onnx(model, out_dir, input_size, opset, device):
    """Exports the L2-normalised image tower with a dynamic batch axis and checks it with ONNX Runtime."""
    import torch

    class VisionEncoder(torch.nn.Module):
        """encode_image followed by L2 normalisation, so the ONNX output is already unit-norm."""

        def __init__(self, clip):
            super().__init__()
            self.clip = clip

        def forward(self, image):
            return torch.nn.functional.normalize(self.clip.encode_image(image), dim=-1)

    wrapper = VisionEncoder(model).eval().to(device)
    dummy = torch.randn(2, 3, input_size, input_size, device=device)
    path = os.path.join(out_dir, ENCODER)
    kwargs = dict(input_names=["image"], output_names=["embedding"],
                  dynamic_axes={"image": {0: "N"}, "embedding": {0: "N"}},
                  opset_version=opset, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter honours dynamic_axes as written
    with torch.no_grad():
        torch.onnx.export(wrapper, (dummy,), path, **kwargs)
        expected = wrapper(dummy).cpu().numpy()
    check_with_onnxruntime(path, dummy.cpu().numpy(), expected, tolerance=1e-4)
    return path


def export_fp16(out_dir, sample, expected):
    """Converts encoder.onnx to fp16 weights/activations with float32 inputs and outputs."""
    import onnx
    from onnxconverter_common import float16

    fp32 = onnx.load(os.path.join(out_dir, ENCODER))
    fp16 = float16.convert_float_to_float16(fp32, keep_io_types=True)
    path = os.path.join(out_dir, ENCODER_FP16)
    onnx.save(fp16, path)
    check_with_onnxruntime(path, sample, expected, tolerance=2e-2)


def check_with_onnxruntime(path, sample, expected, tolerance):
    """Runs the exported model on the sample batch and compares it with PyTorch's output."""
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        print(f"onnxruntime not installed: skipping the numerical check of {path}", file=sys.stderr)
        return
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = session.run(None, {"image": sample.astype(np.float32)})[0]
    diff = float(np.max(np.abs(got - expected)))
    if diff > tolerance:
        raise SystemExit(f"{path}: ONNX output differs from PyTorch by {diff} (> {tolerance})")
    print(f"{path}: matches PyTorch within {diff:.2e}")


def text_embeddings(model, tokenizer, texts, device):
    """L2-normalised text embeddings of the prompts, as float32 numpy [len(texts), D]."""
    import torch

    with torch.no_grad():
        tokens = tokenizer(texts).to(device)
        features = model.encode_text(tokens)
        return torch.nn.functional.normalize(features, dim=-1).float().cpu().numpy()


def export(args):
    """Full export: ONNX encoder(s), logit scale, prompt embeddings, bundle.json."""
    import open_clip
    import torch

    model, preprocess = open_clip.create_model_from_pretrained(args.model)
    tokenizer = open_clip.get_tokenizer(args.model)
    model = model.eval().to(args.device)
    warn_if_preprocessing_differs(model, args)
    os.makedirs(args.out, exist_ok=True)
    export_onnx(model, args.out, args.input_size, args.opset, args.device)
    if not args.no_fp16:
        sample = torch.randn(2, 3, args.input_size, args.input_size)
        with torch.no_grad():
            expected = torch.nn.functional.normalize(model.encode_image(sample.to(args.device)), dim=-1).cpu().numpy()
        export_fp16(args.out, sample.numpy(), expected)
    logit_scale = float(model.logit_scale.exp().item())
    pairs = [prompt_texts(label, args.positive_template, args.negative_template) for label in args.labels]
    positive = text_embeddings(model, tokenizer, [p for p, _ in pairs], args.device)
    negative = text_embeddings(model, tokenizer, [n for _, n in pairs], args.device)
    manifest = write_bundle(args.out, model_id=args.model_id, version=args.version, input_size=args.input_size,
                            input_channels=3, mean=args.mean, std=args.std, logit_scale=logit_scale,
                            labels=args.labels, positive=positive, negative=negative, fp16=not args.no_fp16)
    print(json.dumps({"out": args.out, "logitScale": logit_scale, "contentHash": manifest["contentHash"]}))


def warn_if_preprocessing_differs(model, args):
    """BiomedCLIP ships its own preprocessing config; the bundle's mean/std must agree with it."""
    cfg = getattr(getattr(model, "visual", None), "preprocess_cfg", None) or {}
    for key, ours in (("mean", args.mean), ("std", args.std)):
        theirs = cfg.get(key)
        if theirs is not None and any(abs(a - b) > 1e-6 for a, b in zip(theirs, ours)):
            print(f"warning: model preprocess {key} {list(theirs)} differs from --{key} {ours}", file=sys.stderr)


def package_only(args):
    """Packages encoder file(s) already in --out with prompt embeddings from --prompts-json."""
    with open(args.prompts_json, encoding="utf-8") as f:
        prompts = json.load(f)
    labels = prompts.get("labels", args.labels)
    fp16 = os.path.isfile(os.path.join(args.out, ENCODER_FP16)) and not args.no_fp16
    if not os.path.isfile(os.path.join(args.out, ENCODER)):
        raise SystemExit(f"{args.out} has no {ENCODER} to package")
    manifest = write_bundle(args.out, model_id=args.model_id, version=args.version, input_size=args.input_size,
                            input_channels=args.input_channels, mean=args.mean, std=args.std,
                            logit_scale=prompts.get("logitScale", args.logit_scale), labels=labels,
                            positive=prompts["positive"], negative=prompts["negative"], fp16=fp16)
    print(json.dumps({"out": args.out, "contentHash": manifest["contentHash"]}))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Export BiomedCLIP's image tower (ONNX, fp32 + fp16) and CheXpert prompt embeddings "
                    "as a RadShift model bundle (bundle.json, encoder.onnx, encoder-fp16.onnx, prompts.bin).")
    parser.add_argument("--out", required=True, help="bundle directory to write (created if missing)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="open_clip model name (default: %(default)s)")
    parser.add_argument("--model-id", default="biomedclip-vit-b16-224", help="modelId written to bundle.json")
    parser.add_argument("--version", default="pubmedbert256-vitb16-224", help="version written to bundle.json")
    parser.add_argument("--labels", nargs="+", default=CHEXPERT_LABELS, help="labels, in score order (default: 14 CheXpert)")
    parser.add_argument("--positive-template", default="chest x-ray showing {label}", help="positive prompt template")
    parser.add_argument("--negative-template", default="chest x-ray with no {label}", help="negative prompt template")
    parser.add_argument("--input-size", type=int, default=224, help="square input size (default: %(default)s)")
    parser.add_argument("--input-channels", type=int, default=3, choices=(1, 3), help="input channels (--package-only)")
    parser.add_argument("--mean", type=float, nargs="+", default=CLIP_MEAN, help="per-channel mean of pixels in [0,1]")
    parser.add_argument("--std", type=float, nargs="+", default=CLIP_STD, help="per-channel std of pixels in [0,1]")
    parser.add_argument("--opset", type=int, default=17, help="ONNX opset (default: %(default)s)")
    parser.add_argument("--device", default="cpu", help="torch device for the export (cpu or cuda)")
    parser.add_argument("--no-fp16", action="store_true", help="do not write encoder-fp16.onnx")
    parser.add_argument("--package-only", action="store_true",
                        help="skip the export: package encoder.onnx (and encoder-fp16.onnx) already in --out")
    parser.add_argument("--prompts-json", help="with --package-only: JSON with positive/negative [labels][D] "
                                               "arrays and optional labels and logitScale")
    parser.add_argument("--logit-scale", type=float, default=100.0, help="with --package-only: logit scale if the JSON has none")
    args = parser.parse_args(argv)
    if args.package_only and not args.prompts_json:
        parser.error("--package-only needs --prompts-json")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.package_only:
        package_only(args)
    else:
        export(args)


if __name__ == "__main__":
    main()
